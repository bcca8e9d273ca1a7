import Foundation
import Pacer
import PacerConfig
import PacerPlugins

/// A training run built from a config: plugins loaded, model, optimizer
/// and runner made, MMCV's training hooks and `custom_hooks` registered.
/// Building touches no file; `run()` creates the work dir, reads the data
/// and trains. `pacer train` is this type and nothing more.
public final class TrainingSession {
    /// The config, with command-line overrides applied.
    public let config: Config
    /// The runner, with every hook registered.
    public let runner: Runner
    /// The workflow.
    public let workflow: [Flow]
    /// The plugins that were found.
    public let catalog: PluginCatalog
    private let registries: Registries
    private let allowUnverifiedCheckpoint: Bool

    /// Builds everything `config` describes. `registries` lets a Swift
    /// program add its own types; plugins are added to it.
    public init(config: Config, options: TrainOptions = TrainOptions(),
                extend: (inout Registries) throws -> Void = { _ in }) throws {
        var config = config
        if let workDir = options.workDir { try config.set("work_dir", .string(workDir)) }
        if let seed = options.seed { try config.set("seed", .int(seed)) }
        if let resume = options.resumeFrom { try config.set("resume_from", .string(resume)) }
        if options.autoResume, try config.optionalString("resume_from") == nil {
            try config.set("resume_from", .string("auto"))
        }
        if let load = options.loadFrom { try config.set("load_from", .string(load)) }
        let launcher = try options.launcher ?? config.optionalString("launcher") ?? "none"
        let ignored = try TopLevelKeys.check(config).filter { $0 != "dist_params" || launcher == "none" }
        if !ignored.isEmpty { Console.error("note: ignored: \(ignored.joined(separator: ", ")) (\(config.file))") }
        let seed = try config.int("seed", default: 0)
        let configFolder = URL(fileURLWithPath: config.file).deletingLastPathComponent()
        let pluginDirs = try (config.optionalList("plugin_dirs") ?? []).map {
            URL(fileURLWithPath: try $0.string(), relativeTo: configFolder).standardizedFileURL.path
        }
        catalog = try PluginCatalog(searchPath: PluginSearchPath.standard(
            directories: pluginDirs + options.pluginDirs, allowInsecure: options.allowInsecurePlugins))
        var registries = try Registries.standard(catalog: catalog)
        try extend(&registries)
        let communicator = try Launcher.join(launcher, config: config, communicators: registries.communicators)

        let model = try buildModel(config: config.dict("model").withDefault(Registries.modelSeedKey, .int(seed)),
                                   registries: registries)
        let optimizer = try buildOptimizer(model: model, config: config.dict("optimizer"), registries: registries)
        let runner = try buildRunner(
            config: config.dict("runner"),
            defaults: RunnerDefaults(model: model, optimizer: optimizer, workDir: WorkDir.path(config)),
            registries: registries)
        runner.communicator = communicator
        workflow = try WorkflowBuilder.workflow(config)
        try runner.checkModes(workflow, file: config.file)
        try DataBuilder.checkKeys(config, registries: registries)
        let checkpointer = Checkpointer(config: .dict(config.entries))
        let registered = try TrainingHooks.register(
            on: runner, TrainingHooks.Sections(config), registries: registries, checkpointer: checkpointer)
        try TrainingHooks.registerEvaluation(on: runner, config: config, validate: !options.noValidate,
                                             registries: registries, checkpointer: checkpointer, registered: registered)
        self.config = config
        self.runner = runner
        self.registries = registries
        allowUnverifiedCheckpoint = options.allowUnverifiedCheckpoint
    }

    /// Creates the work dir and writes the config into it, reads the data
    /// (one loader per workflow flow), and runs the workflow to the end or
    /// to a stop request, telling the story in the work dir's `.log`.
    ///
    /// In a distributed run every rank does the same except the files: rank
    /// 0 alone creates, repairs and writes the work dir (MMCV's
    /// `@master_only`); every rank reads the same checkpoint to resume, and
    /// then takes rank 0's parameters and buffers, so all start equal.
    public func run() throws {
        guard runner.rank == 0 else {
            try train()
            return
        }
        try WorkDir.create(runner.workDir, config: config)
        try RunLog.recording(self) {
            WorkDir.recover(runner)
            try train()
        }
    }

    /// Reads the data, resumes or loads weights, aligns the ranks and runs
    /// the workflow; leaves a distributed job cleanly at the end.
    private func train() throws {
        let loaders = try DataBuilder.loaders(config, workflow: workflow, seed: config.int("seed", default: 0),
                                              registries: registries,
                                              shard: DataShard(rank: runner.rank, worldSize: runner.worldSize))
        try restoreCheckpoint()
        if runner.rank == 0 { try WorkDir.dump(config, into: runner.workDir) }
        if let communicator = runner.communicator, communicator.worldSize > 1 {
            for tensor in runner.model.parameters + runner.model.buffers {
                try communicator.broadcast(UnsafeMutableRawBufferPointer(start: tensor.data,
                                                                         count: tensor.count * MemoryLayout<Float>.size),
                                           root: 0)
            }
        }
        try runner.run(loaders, workflow: workflow)
        try runner.communicator?.finalize()
    }

    /// MMCV's `resume_from` (everything: weights, optimizer, hooks,
    /// progress; "auto" for the newest valid checkpoint in the work dir),
    /// else `load_from` (weights only, reporting keys that do not match).
    private func restoreCheckpoint() throws {
        let checkpointer = Checkpointer(config: .dict(config.entries))
        if let resume = try config.optionalString("resume_from") {
            try naming("resume_from") {
                let file: CheckpointFile?
                if resume == "auto" {
                    file = CheckpointSearch.newestValid(in: runner.workDir, allowUnverified: allowUnverifiedCheckpoint) {
                        Console.out($0)
                    }
                    if file == nil { Console.out("resume_from auto: no checkpoint in \(runner.workDir), starting afresh") }
                } else {
                    file = try CheckpointFile.read(resume, allowUnverified: allowUnverifiedCheckpoint)
                }
                if let file {
                    try checkpointer.resume(runner, from: file)
                    Console.out("resumed from \(file.path): epoch \(file.epoch), iter \(file.iter)")
                }
            }
        } else if let load = try config.optionalString("load_from") {
            try naming("load_from") {
                let report = try runner.loadCheckpoint(load, strict: config.bool("load_strict", default: false),
                                                       allowUnverified: allowUnverifiedCheckpoint)
                Console.out("loaded weights from \(load): \(report)")
            }
        }
    }

    /// Runs `body`, reporting a failure as one of the config's `key`.
    private func naming(_ key: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as BuildError {
            throw error
        } catch {
            throw BuildError.failed(file: config.file, key: ConfigKeyPath([.key(key)]), underlying: error)
        }
    }
}

extension Runner {
    /// Refuses, before anything runs, a workflow mode this runner lacks.
    func checkModes(_ workflow: [Flow], file: String) throws {
        for (index, flow) in workflow.enumerated() where !modes.contains(flow.mode) {
            throw BuildError.failed(file: file, key: ConfigKeyPath([.key("workflow"), .index(index)]),
                                    underlying: RunnerError.unknownMode(flow.mode, known: modes))
        }
    }
}

extension TrainingSession {
    /// Evaluates the weights of `checkpoint` on the config's `data.test`
    /// split (or `data.val` when there is none) with the model's val step,
    /// as the evaluation hook does: mmcls's metrics among `metrics`
    /// (`accuracy` as top-1 and top-5, `precision`, ...), the sample-weighted
    /// means of the other names the val step reports (every reported one
    /// when `metrics` is nil), and each sample's class scores when `scores`
    /// is true.
    public func test(checkpoint path: String, metrics: [String]? = nil,
                     scores: Bool = false) throws -> (metrics: [(key: String, value: Double)], scores: [[Float]]) {
        try Checkpointer.loadWeights(runner.model, from: CheckpointFile.read(path, allowUnverified: allowUnverifiedCheckpoint),
                                     strict: true)
        let data = try config.dict("data")
        let mode = data.optionalValue("test") == nil ? "val" : "test"
        // The run's seed, as evaluation during training uses it for a random test pipeline.
        guard let loader = try DataBuilder.loaders(config, workflow: [Flow(mode, 1)],
                                                   seed: config.int("seed", default: 0), registries: registries,
                                                   shard: DataShard(rank: runner.rank, worldSize: runner.worldSize),
                                                   evaluating: true).first else { return ([], []) }
        runner.mode = mode
        loader.setEpoch(0)
        let collector = scores ? ScoreCollector() : nil
        let chosen = try EvaluationMetrics.read(names: metrics, options: nil, in: data)
        let results = try EvalLoop.run(runner, loader: loader, metrics: chosen.reported,
                                       classification: chosen.classification, scores: collector, progress: mode)
        return (results, collector?.rows ?? [])
    }
}
