/// Every plugin found on a search path, by type name. Loading a catalog
/// opens each library once and checks every descriptor; nothing is created.
public struct PluginCatalog: Sendable {
    /// The plugins, sorted by type name.
    public let plugins: [PluginDescriptor]

    /// Loads every library on `searchPath`. The first bad file or duplicate
    /// type name is an error naming the file(s).
    public init(searchPath: PluginSearchPath) throws(PluginError) {
        var byName: [String: PluginDescriptor] = [:]
        for file in try searchPath.pluginFiles() {
            for plugin in try PluginLibrary.open(file) {
                if let existing = byName[plugin.typeName] {
                    throw .duplicateType(type: plugin.typeName, first: existing.path, second: plugin.path)
                }
                byName[plugin.typeName] = plugin
            }
        }
        plugins = byName.values.sorted { $0.typeName < $1.typeName }
    }

    /// The plugin named `typeName`, if loaded.
    public func plugin(named typeName: String) -> PluginDescriptor? {
        plugins.first { $0.typeName == typeName }
    }

    /// The plugins of one kind.
    public func plugins(of kind: PluginKind) -> [PluginDescriptor] {
        plugins.filter { $0.kind == kind }
    }
}
