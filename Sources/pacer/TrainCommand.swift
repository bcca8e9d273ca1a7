import ArgumentParser
import Pacer
import PacerConfig
import PacerTrain

/// `pacer train CONFIG`: builds the run the config describes and trains it.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the model a config describes.")

    @Argument(help: "The config file (.py, .json, .yaml or .yml).")
    var config: String

    @Option(name: .long, help: "Where logs and checkpoints go (overrides work_dir).")
    var workDir: String?

    @Option(name: .long, help: "Seed for initialisation and shuffling (overrides seed).")
    var seed: Int?

    @Option(name: .long, help: "Resume from a checkpoint, or 'auto' for the newest valid one in the work dir.")
    var resumeFrom: String?

    @Flag(name: .long, help: "Accept a checkpoint without a header checksum (older Pacer or other tools), unverified.")
    var allowUnverifiedCheckpoint = false

    @OptionGroup var plugins: PluginOptions

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        var options = plugins.trainOptions(workDir: workDir, seed: seed)
        options.resumeFrom = resumeFrom
        options.allowUnverifiedCheckpoint = allowUnverifiedCheckpoint
        try reportingErrors {
            let session = try TrainingSession(config: overrides.load(config), options: options)
            Console.out("pacer \(PacerVersion.string): training \(config), work_dir: \(session.runner.workDir)")
            try session.run()
            if let reason = session.runner.stopReason { Console.out("stopped early: \(reason)") }
        }
    }
}

/// Runs `body`; any error becomes one line on standard error and exit
/// status 1, never a stack trace.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        Console.error("error: \(error)")
        throw ExitCode.failure
    }
}
