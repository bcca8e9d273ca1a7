import ArgumentParser
import Pacer
import PacerPlugins

/// `pacer plugins check FILE`: validates one library without training.
struct PluginsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a plugin library's descriptors and vtables without training.",
        discussion: """
            Runs every check a training run makes when it loads FILE (file permissions, the \
            entry function, ABI version, struct sizes, descriptors, vtables, type names against \
            the bundled plugins and each --plugin-dir), creating nothing. Prints the library's \
            plugins and exits 0, or prints every problem, one line each, and exits 1.
            """)

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "The plugin library (.so) to check.")
    var file: String

    func run() throws {
        let report = PluginFileCheck.check(file, context: plugins.searchPath)
        guard report.problems.isEmpty else {
            for problem in report.problems { Console.out("\(problem)") }
            throw ExitCode.failure
        }
        let abi = report.abiVersion.map { "ABI \($0.major).\($0.minor)" } ?? "ABI ?"
        let count = report.plugins.count == 1 ? "1 plugin" : "\(report.plugins.count) plugins"
        Console.out("\(report.path): ok, \(abi), \(count)")
        for line in PluginListing.lines(report.plugins) { Console.out(line) }
    }
}
