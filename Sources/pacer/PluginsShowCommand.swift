import ArgumentParser
import Pacer
import PacerPlugins

/// `pacer plugins show TYPE`: one plugin's description, kind, hook points and options.
struct PluginsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Describe one plugin type: kind, version, file, hook points and declared options.")

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "The plugin's type name, as a config names it.")
    var type: String

    func run() throws {
        let scan = PluginCatalog.scan(plugins.searchPath)
        guard let plugin = scan.catalog.plugin(named: type) else {
            let known = scan.catalog.plugins.map(\.typeName).sorted()
            Console.error("error: no plugin type '\(type)'; " + Spelling.hint(for: type, among: known))
            throw ExitCode.failure
        }
        for line in Self.describe(plugin) { Console.out(line) }
    }

    /// The lines printed for `plugin`.
    static func describe(_ plugin: PluginDescriptor) -> [String] {
        var lines = [
            "\(plugin.typeName): \(plugin.summary.isEmpty ? "(no description)" : plugin.summary)",
            "  kind:      \(plugin.kind.rawValue)",
            "  version:   \(plugin.version.isEmpty ? "-" : plugin.version)",
            "  ABI:       \(plugin.abiVersion.major).\(plugin.abiVersion.minor)",
            "  file:      \(plugin.path)",
        ]
        if plugin.kind == .hook {
            lines.append("  priority:  \(plugin.defaultPriority) by default")
            lines.append("  points:    \(plugin.points.isEmpty ? "-" : plugin.points.joined(separator: ", "))")
        }
        if plugin.kind == .dataset {
            lines.append("  threads:   get_item " + (plugin.isSerialDataset
                ? "one call at a time (PACER_DATASET_SERIAL)" : "from several loader threads at once"))
        }
        guard !plugin.options.isEmpty else {
            lines.append("  options:   not declared (a key the plugin does not read is refused when it is created)")
            return lines
        }
        lines.append("  options:")
        let rows = plugin.options.map { option in
            [option.name, option.type.rawValue, option.defaultValue.map { "default \($0)" } ?? "required", option.help]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append("    " + (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ") + "  " + row[3])
        }
        return lines
    }
}
