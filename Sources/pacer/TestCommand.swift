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

    @Flag(name: .long, help: "Accept a checkpoint without a header checksum (older Pacer or other tools), unverified.")
    var allowUnverifiedCheckpoint = false

    @OptionGroup var plugins: PluginOptions

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        try reportingErrors {
            var options = plugins.trainOptions()
            options.allowUnverifiedCheckpoint = allowUnverifiedCheckpoint
            let session = try TrainingSession(config: overrides.load(config), options: options)
            let metrics = try session.test(checkpoint: checkpoint)
            Console.out(metrics.map { "\($0.key): \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
        }
    }
}
