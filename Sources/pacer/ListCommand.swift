import ArgumentParser
import Pacer
import PacerPlugins
import PacerTrain

/// `pacer list`: every type a config can name, per kind, with where it comes from.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every registered type (runners, models, optimizers, hooks, datasets) and its origin.",
        discussion: """
            Built-in types show 'built-in'; plugin types show their library. The plugins are those of \
            the bundled folder, each --plugin-dir and PACER_PLUGIN_PATH, as `pacer train` loads them.
            """)

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        try reportingErrors {
            let registries = try Registries.standard(catalog: PluginCatalog(searchPath: plugins.searchPath))
            for (index, kind) in registries.listing.enumerated() {
                if index > 0 { Console.out("") }
                Console.out("\(kind.kind)s:")
                let width = kind.types.map(\.name.count).max() ?? 0
                for type in kind.types {
                    Console.out("  " + type.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + type.origin)
                }
            }
        }
    }
}
