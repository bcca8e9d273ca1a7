import ArgumentParser
import Pacer
import PacerConfig
import PacerTrain

/// `pacer test CONFIG CHECKPOINT`: a checkpoint's metrics on the test split.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Evaluate a checkpoint on the config's test split (data.test, else data.val) and print the metrics.")

    @Argument(help: "The config file the checkpoint was trained with.")
    var config: String

    @Argument(help: "The checkpoint (.safetensors).")
    var checkpoint: String

    @OptionGroup var plugins: PluginOptions

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        try reportingErrors {
            let session = try TrainingSession(config: overrides.load(config), options: plugins.trainOptions())
            let metrics = try session.test(checkpoint: checkpoint)
            Console.out(metrics.map { "\($0.key): \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
        }
    }
}
