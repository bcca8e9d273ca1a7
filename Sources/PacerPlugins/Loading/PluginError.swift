#if canImport(Glibc)
import Glibc
#endif

/// A plugin library or plugin that could not be loaded, created or called.
/// Every case names the file.
public enum PluginError: Error, CustomStringConvertible, Equatable {
    /// A plugin folder that does not exist or cannot be listed.
    case unreadableDirectory(String)
    /// A plugin file named explicitly that does not exist or is not a file.
    case missingFile(String)
    /// A plugin file or folder (or a folder above it) that others may write to.
    case insecurePath(String)
    /// A plugin file or folder (or a folder above it) owned by a user who
    /// is neither root nor the one running Pacer.
    case untrustedOwner(path: String, owner: UInt32)
    /// A library or folder the dynamic loader would use along with
    /// `library` fails the rules: `via` says how it is reached
    /// (`LD_LIBRARY_PATH`, a RUNPATH entry, a DT_NEEDED library) and
    /// `problem` what is wrong with it.
    indirect case insecureDependency(library: String, via: String, problem: PluginError)
    /// `dlopen` refused the file (not a shared library, missing dependency).
    case notLoadable(path: String, reason: String)
    /// The library does not export `pacer_plugin_entry`.
    case missingEntry(path: String)
    /// The library's descriptor is malformed.
    case badDescriptor(path: String, reason: String)
    /// The library was built for another ABI major.
    case abiMismatch(path: String, major: UInt32, minor: UInt32)
    /// A plugin requires features this host does not have.
    case unsupportedFeatures(path: String, type: String, bits: UInt32)
    /// Two loaded plugins share a type name.
    case duplicateType(type: String, first: String, second: String)
    /// A plugin's create() failed.
    case createFailed(type: String, path: String, message: String)
    /// A plugin call returned an error status.
    case callFailed(type: String, call: String, message: String)
    /// A dataset plugin's shape (length, classes, fields) is not one the
    /// host accepts (ABI 1.1).
    case badDataset(path: String, type: String, reason: String)
    /// A dataset plugin failed to fill item `index`, or filled a label
    /// outside its classes (ABI 1.1).
    case itemFailed(path: String, type: String, index: Int, message: String)

    /// For a trust problem, what is wrong without the advice, to quote
    /// inside another message.
    var trustReason: String {
        switch self {
        case .insecurePath(let path): return "\(path) is writable by group or others"
        case .untrustedOwner(let path, let owner): return "\(path) is owned by uid \(owner), neither root nor you"
        default: return description
        }
    }

    /// One line naming the file and what to fix.
    public var description: String {
        switch self {
        case .unreadableDirectory(let path):
            return "plugin folder \(path) does not exist or cannot be read"
        case .missingFile(let path):
            return "\(path): no such plugin file"
        case .insecurePath(let path):
            return "\(path) is writable by group or others; refusing to load plugins from it "
                + "(chmod go-w it, or pass --allow-insecure-plugins)"
        case .untrustedOwner(let path, let owner):
            return "\(path) is owned by uid \(owner), neither root nor you (uid \(geteuid())); refusing to load plugins "
                + "from it (chown it, or pass --allow-insecure-plugins)"
        case .insecureDependency(let library, let via, let problem):
            return "\(library): refusing to load it: \(via): \(problem.trustReason) "
                + "(fix that, or pass --allow-insecure-plugins)"
        case .notLoadable(let path, let reason):
            return "\(path): not a loadable shared library: \(reason)"
        case .missingEntry(let path):
            return "\(path): not a Pacer plugin (no exported function pacer_plugin_entry)"
        case .badDescriptor(let path, let reason):
            return "\(path): invalid plugin descriptor: \(reason)"
        case .abiMismatch(let path, let major, let minor):
            return "\(path): built for plugin ABI \(major).\(minor), this runner speaks "
                + "\(HostABI.major).\(HostABI.minor); rebuild the plugin against plugin-sdk \(HostABI.major).x"
        case .unsupportedFeatures(let path, let type, let bits):
            return "\(path): plugin \(type) sets required_features bits 0x\(String(bits, radix: 16)) that this runner "
                + "(plugin ABI \(HostABI.major).\(HostABI.minor)) does not know; use a newer pacer or rebuild the plugin without them"
        case .duplicateType(let type, let first, let second):
            return "plugin type '\(type)' is defined twice: in \(first) and in \(second)"
        case .createFailed(let type, let path, let message):
            return "plugin \(type) (\(path)) could not be created: \(message)"
        case .callFailed(let type, let call, let message):
            return "plugin \(type) failed in \(call): \(message)"
        case .badDataset(let path, let type, let reason):
            return "\(path): dataset \(type): \(reason)"
        case .itemFailed(let path, let type, let index, let message):
            return "\(path): dataset \(type) failed in get_item(\(index)): \(message)"
        }
    }
}
