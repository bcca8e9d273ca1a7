import ArgumentParser
import Pacer
import PacerConfig
import PacerTrain

/// `pacer test CONFIG CHECKPOINT`: a checkpoint's metrics on the test split,
/// with the flags of mmcls's `tools/test.py`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Evaluate a checkpoint on the config's test split (data.test, else data.val) and print the metrics.")

    @Argument(help: "The config file the checkpoint was trained with.")
    var config: String

    @Argument(help: "The checkpoint (.safetensors).")
    var checkpoint: String

    @Option(name: .long, help: ArgumentHelp(
        "Write each sample's class scores: a .json file with mmcls's class_scores, pred_score and pred_label, "
            + "or a .npy file of the N x C scores.", valueName: "file"))
    var out: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Print only these metrics: the model's (loss) in this order, then mmcls's "
                                   + "(accuracy, precision, recall, f1_score, support) in mmcls's order.",
                               valueName: "metric"))
    var metrics: [String] = []

    @Flag(name: .long, help: "Accept a checkpoint without a header checksum (older Pacer or other tools), unverified.")
    var allowUnverifiedCheckpoint = false

    @OptionGroup var plugins: PluginOptions

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        // A plugin that crashes or calls exit() is named in one line. Only the
        // command line installs these process-wide handlers: a program using
        // the library (a test process running sessions on many threads) keeps its own.
        PluginCallSite.installReports()
        try reportingErrors(flags: overrides.keys) {
            if let out, !["json", "npy"].contains(out.split(separator: ".").last?.lowercased() ?? "") {
                throw ValidationError("--out: \(out): name a .json or .npy file")
            }
            var options = plugins.trainOptions()
            options.allowUnverifiedCheckpoint = allowUnverifiedCheckpoint
            let session = try TrainingSession(config: overrides.load(config), options: options)
            let result: (metrics: [(key: String, value: Double)], scores: [[Float]])
            do {
                result = try session.test(checkpoint: checkpoint, metrics: metrics.isEmpty ? nil : metrics,
                                          scores: out != nil)
            } catch let error as EvalHookError {
                throw ValidationError("--metrics: \(error)")
            }
            if let out {
                do { try PredictionFile.write(result.scores, to: out) } catch { throw ValidationError("--out: \(error)") }
            }
            Console.out(result.metrics.map { "\($0.key): \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))
        }
    }
}
