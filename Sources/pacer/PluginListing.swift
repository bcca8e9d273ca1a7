import PacerPlugins

/// The table `pacer plugins list` and `pacer plugins check` print: one row
/// per plugin with its type name, kind, version, ABI version, file and the
/// hook points it implements.
enum PluginListing {
    /// The header and one row per plugin, columns aligned.
    static func lines(_ plugins: [PluginDescriptor]) -> [String] {
        let rows = [["TYPE", "KIND", "VERSION", "ABI", "FILE", "POINTS"]] + plugins.map { plugin in
            [plugin.typeName, plugin.kind.rawValue, plugin.version.isEmpty ? "-" : plugin.version,
             "\(plugin.abiVersion.major).\(plugin.abiVersion.minor)", plugin.path,
             plugin.points.isEmpty ? "-" : plugin.points.joined(separator: ",")]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<5).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ") + "  " + row[5]
        }
    }
}
