/// Validates one library file without training: the security rules, every
/// check the loader makes on its descriptors and vtables, and its type names
/// against the plugins a run would also load. Nothing is created; the
/// library's entry and enumeration functions are the only code that runs.
public enum PluginFileCheck {
    /// Every problem with `file` (absolute or relative to the current
    /// directory) as `context` would load it; the report's `problems` is
    /// empty for a good library. An insecure file is never opened.
    public static func check(_ file: String, context: PluginSearchPath) -> LibraryReport {
        guard let path = PathSecurity.resolved(file), PathSecurity.isRegularFile(path) else {
            var report = LibraryReport(path: PathSecurity.absolute(file))
            report.problems.append(.missingFile(report.path))
            return report
        }
        if !context.allowInsecure, let problem = PathSecurity.fileProblem(path) {
            var report = LibraryReport(path: path)
            report.problems.append(problem)
            return report
        }
        var report = PluginLibrary.inspect(path)
        let others = PluginCatalog.scan(context).catalog
        for plugin in report.plugins {
            if let existing = others.plugin(named: plugin.typeName), existing.path != path {
                report.problems.append(.duplicateType(type: plugin.typeName, first: existing.path, second: path))
            }
        }
        return report
    }
}
