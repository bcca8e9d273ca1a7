/// What opening one plugin library found: the plugins that passed every
/// check, and every problem, each naming the file. A library with any
/// problem is refused as a whole by a training run.
public struct LibraryReport: Sendable {
    /// Absolute path of the library file.
    public let path: String
    /// The ABI version the library declares, once its descriptor was read.
    public internal(set) var abiVersion: (major: UInt32, minor: UInt32)?
    /// The library's free-text build tag, if it gives one.
    public internal(set) var buildTag: String?
    /// The plugins whose descriptors and vtables passed every check.
    public internal(set) var plugins: [PluginDescriptor] = []
    /// Every problem found, in the order found; empty for a good library.
    public internal(set) var problems: [PluginError] = []

    /// An empty report for `path`.
    init(path: String) { self.path = path }
}
