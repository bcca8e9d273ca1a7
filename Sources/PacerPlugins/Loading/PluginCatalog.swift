/// Every plugin found on a search path, by type name. Loading a catalog
/// opens each library once and checks every descriptor; nothing is created.
public struct PluginCatalog: Sendable {
    /// The plugins, sorted by type name.
    public let plugins: [PluginDescriptor]
    /// Whether the search path let group- or world-writable files load;
    /// other libraries a config names (a ClosureHook's) follow the same choice.
    public let allowsInsecurePlugins: Bool

    /// Loads every library on `searchPath`. The first bad folder, file or
    /// duplicate type name is an error naming the file(s); no library is
    /// opened after a folder or file fails the security rules.
    public init(searchPath: PluginSearchPath) throws(PluginError) {
        let scan = PluginCatalog.scan(searchPath, stopAtFirstProblem: true)
        if let problem = scan.problems.first { throw problem }
        plugins = scan.catalog.plugins
        allowsInsecurePlugins = searchPath.allowInsecure
    }

    /// A catalog of `plugins`, sorted by type name.
    init(plugins: [PluginDescriptor], allowsInsecurePlugins: Bool = false) {
        self.plugins = plugins.sorted { $0.typeName < $1.typeName }
        self.allowsInsecurePlugins = allowsInsecurePlugins
    }

    /// Loads what can be loaded from `searchPath` and reports every problem
    /// instead of stopping at the first: a bad library is left out, a
    /// duplicate type name keeps the first definition. For `pacer plugins list`.
    public static func scan(_ searchPath: PluginSearchPath) -> (catalog: PluginCatalog, problems: [PluginError]) {
        scan(searchPath, stopAtFirstProblem: false)
    }

    private static func scan(_ searchPath: PluginSearchPath,
                             stopAtFirstProblem: Bool) -> (catalog: PluginCatalog, problems: [PluginError]) {
        var problems: [PluginError] = []
        let files = searchPath.pluginFiles(problems: &problems)
        var byName: [String: PluginDescriptor] = [:]
        for file in files {
            if stopAtFirstProblem && !problems.isEmpty { break }
            let report = PluginLibrary.inspect(file)
            problems += report.problems
            guard report.problems.isEmpty else { continue }
            for plugin in report.plugins {
                if let existing = byName[plugin.typeName] {
                    problems.append(.duplicateType(type: plugin.typeName, first: existing.path, second: plugin.path))
                } else {
                    byName[plugin.typeName] = plugin
                }
            }
        }
        return (PluginCatalog(plugins: Array(byName.values), allowsInsecurePlugins: searchPath.allowInsecure), problems)
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
