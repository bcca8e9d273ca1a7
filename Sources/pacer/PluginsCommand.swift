import ArgumentParser

/// `pacer plugins`: inspect plugin libraries without training.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the plugins a run would load, describe one, or check one plugin library.",
        subcommands: [PluginsListCommand.self, PluginsShowCommand.self, PluginsCheckCommand.self])
}
