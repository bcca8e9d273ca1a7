import ArgumentParser
import Pacer

/// `pacer`: train MMCV-style configs with plugins loaded from shared libraries.
@main
struct PacerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pacer",
        abstract: "An MMCV-style training runner whose hooks and models are plugins.",
        version: PacerVersion.string,
        subcommands: [TrainCommand.self, TestCommand.self, ListCommand.self, HooksCommand.self, PluginsCommand.self,
                      ConfigCommand.self, PlotCommand.self])
}
