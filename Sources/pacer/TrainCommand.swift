import ArgumentParser
import Pacer
import PacerConfig
import PacerTrain

/// `pacer train CONFIG`: builds the run the config describes and trains it,
/// with the flags of MMCV's `tools/train.py`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the model a config describes.")

    @Argument(help: "The config file (.py, .json, .yaml or .yml).")
    var config: String

    @Option(name: .long, help: "Where logs and checkpoints go (overrides work_dir).")
    var workDir: String?

    @Option(name: .long, help: "Resume from a checkpoint, or 'auto' for the newest valid one in the work dir.")
    var resumeFrom: String?

    @Flag(name: .long, help: "Resume from the newest valid checkpoint in the work dir, if there is one.")
    var autoResume = false

    @Option(name: .long, help: "Start from the weights of this checkpoint (overrides load_from).")
    var loadFrom: String?

    @Flag(name: .long, help: "Do not evaluate during training (no evaluation hook).")
    var noValidate = false

    @Option(name: .long, help: "Seed for initialisation and shuffling (overrides seed).")
    var seed: Int?

    @Flag(name: .long, help: ArgumentHelp(
        "Accepted for MMCV command lines: Pacer runs are always deterministic (see the README).",
        discussion: "The same config, seed, build and machine give bit-identical weights, whatever "
            + "workers_per_gpu is and across kills and resumes; there is no nondeterministic kernel to turn off."))
    var deterministic = false

    @Option(name: .long, help: ArgumentHelp("MMCV's GPU count; Pacer trains on the CPU and says so.", valueName: "n"))
    var gpus: Int?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("MMCV's GPU ids; Pacer trains on the CPU and says so.", valueName: "id"))
    var gpuIds: [Int] = []

    @Option(name: .long, help: ArgumentHelp(
        "How the processes were started: none, mpi (mpirun -np N pacer train ...) or slurm (srun); "
            + "overrides the config's launcher.", valueName: "launcher"))
    var launcher: String?

    @Flag(name: .long, help: "Accept a checkpoint without a header checksum (older Pacer or other tools), unverified.")
    var allowUnverifiedCheckpoint = false

    @Flag(name: .long, help: "At the end, print the wall time each hook and the model's steps took, as a table.")
    var profileHooks = false

    @Flag(name: .long, help: ArgumentHelp(
        "On a terminal, also show a one-line training bar (epoch, iteration, loss, lr, ETA) below the log lines.",
        discussion: "Drawn only when standard error is a terminal and TERM is not 'dumb', as wide as COLUMNS or "
            + "the terminal; in a pipe or a file the output is the same as without it."))
    var progress = false

    @OptionGroup var plugins: PluginOptions

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        // A plugin that crashes or calls exit() is named in one line. Only the
        // command line installs these process-wide handlers: a program using
        // the library (a test process running sessions on many threads) keeps its own.
        PluginCallSite.installReports()
        if gpus != nil || !gpuIds.isEmpty {
            Console.error("note: --gpus/--gpu-ids are ignored: Pacer trains on the CPU "
                          + "(OPENBLAS_NUM_THREADS sets its threads)")
        }
        var options = plugins.trainOptions(workDir: workDir, seed: seed)
        options.resumeFrom = resumeFrom
        options.autoResume = autoResume
        options.loadFrom = loadFrom
        options.noValidate = noValidate
        options.allowUnverifiedCheckpoint = allowUnverifiedCheckpoint
        options.launcher = launcher
        var interruption: Int32?
        try reportingErrors(flags: flagKeys, onFailure: { line in
            // One rank's error ends every rank of a distributed job.
            if let communicator = Launcher.joined, communicator.worldSize > 1 {
                communicator.abort(exitCode: 1, reason: line)
            }
        }) {
            let session = try TrainingSession(config: overrides.load(config), options: options)
            Console.out("pacer \(PacerVersion.string): training \(config), work_dir: \(session.runner.workDir)")
            let profile = profileHooks ? HookProfile() : nil
            session.runner.hookProfile = profile
            if progress, let width = Console.statusWidth() {
                session.runner.registerHook(TrainingBarHook(width: width), priority: .lowest)
            }
            let started = HookProfile.now()
            try session.run()
            if let profile {
                let wall = Double(HookProfile.now() - started) / 1e9
                Console.out("Time per hook and model step (wall time \(String(format: "%.3f", wall)) s):\n"
                            + profile.table(wallSeconds: wall))
            }
            if let reason = session.runner.stopReason { Console.out("stopped early: \(reason)") }
            interruption = session.interruptingSignal
        }
        // A shell's status for a process the signal ended: 130 for SIGINT, 143 for SIGTERM.
        if let interruption { throw ExitCode(128 + interruption) }
    }

    /// The config keys a flag set, with the flag: errors about them name the flag.
    private var flagKeys: [String: String] {
        var keys = overrides.keys
        if workDir != nil { keys["work_dir"] = "--work-dir" }
        if resumeFrom != nil { keys["resume_from"] = "--resume-from" } else if autoResume { keys["resume_from"] = "--auto-resume" }
        if loadFrom != nil { keys["load_from"] = "--load-from" }
        if seed != nil { keys["seed"] = "--seed" }
        if launcher != nil { keys["launcher"] = "--launcher" }
        return keys
    }
}
