import ArgumentParser
import Pacer
import PacerConfig
import PacerTrain

/// `pacer hooks CONFIG`: what will run, stage by stage, before a long job.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Print, per stage, the hooks a config registers, in call order, with priority and origin.")

    @OptionGroup var plugins: PluginOptions

    @Argument(help: "The config file (.py, .json, .yaml or .yml).")
    var config: String

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        try reportingErrors {
            let session = try TrainingSession(config: overrides.load(config), options: plugins.trainOptions())
            Console.out(session.runner.hooks.report())
        }
    }
}
