import ArgumentParser
import Pacer
import PacerPlugins

/// `pacer plugins list`: every plugin a run would load, with what each implements.
struct PluginsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the plugins in the bundled folder, each --plugin-dir and PACER_PLUGIN_PATH.",
        discussion: """
            One row per plugin: type name, kind, plugin version, ABI version, file, and the hook \
            points it implements. A library a run would refuse is left out and reported on \
            standard error, one line each, and the exit status is 1.
            """)

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let scan = PluginCatalog.scan(plugins.searchPath)
        for line in PluginListing.lines(scan.catalog.plugins) { Console.out(line) }
        for problem in scan.problems { Console.error("error: \(problem)") }
        if !scan.problems.isEmpty { throw ExitCode.failure }
    }
}
