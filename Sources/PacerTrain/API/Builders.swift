import Foundation
import Pacer
import PacerConfig
import PacerPlugins

// Step 1 and 2 of MMCV's runner documentation, for Swift programs: build
// the model, optimizer, data loaders and runner from config dictionaries.
// `TrainingSession` (and so `pacer train`) builds through these same
// functions.

/// Builds the model `config` names (`["type": "MLPClassifier", ...]`) from
/// `registries`, where every model plugin is registered.
public func buildModel(config: ConfigSection, registries: Registries) throws -> any Model {
    try config.build(from: registries.models, extraKeys: [Registries.modelSeedKey]) { $0 }
}

/// Builds a model from a dictionary written in Swift.
public func buildModel(config: ConfigDict, registries: Registries) throws -> any Model {
    try buildModel(config: .code("model", config), registries: registries)
}

/// Builds the optimizer `config` names (`["type": "SGD", "lr": 0.1, ...]`,
/// with MMCV's `paramwise_cfg`) over `model`'s parameters, a built-in one or
/// an optimizer plugin from `registries`.
public func buildOptimizer(model: any Model, config: ConfigSection, registries: Registries) throws -> any Optimizer {
    try config.build(from: registries.optimizers, extraKeys: ["paramwise_cfg"]) {
        OptimizerArguments(config: $0, model: model)
    }
}

/// Builds an optimizer from a dictionary written in Swift.
public func buildOptimizer(model: any Model, config: ConfigDict, registries: Registries) throws -> any Optimizer {
    try buildOptimizer(model: model, config: .code("optimizer", config), registries: registries)
}

/// Builds the dataset `config` names (`["type": "FashionMNIST", "test_mode": true]`),
/// through its `pipeline` when it has one; random transforms draw from `seed`.
public func buildDataset(config: ConfigDict, registries: Registries, seed: Int = 0) throws -> any Dataset {
    try DataBuilder.dataset(.code("data", config), registries: registries, seed: UInt64(bitPattern: Int64(seed)))
}

/// MMCV's `build_dataloader`: batches of `samplesPerGPU` samples gathered
/// by `workersPerGPU` background threads, reshuffled every epoch from
/// `seed` when `shuffle` is true.
public func buildDataLoader(dataset: any Dataset, samplesPerGPU: Int, workersPerGPU: Int = 0,
                            shuffle: Bool = false, seed: Int = 0) -> SampleLoader {
    SampleLoader(dataset: dataset, batchSize: max(1, samplesPerGPU), shuffle: shuffle,
                 seed: UInt64(bitPattern: Int64(seed)), workers: workersPerGPU)
}

/// What every runner is built with besides its own config section (MMCV's
/// `default_args` of `build_runner`).
public struct RunnerDefaults {
    /// The model to train.
    public var model: any Model
    /// Its optimizer.
    public var optimizer: any Optimizer
    /// Where logs and checkpoints go.
    public var workDir: String
    /// Names the log files; by default the current time, `YYYYmmdd_HHMMSS`.
    public var timestamp: String

    /// Defaults for a runner over `model` and `optimizer` writing to `workDir`.
    public init(model: any Model, optimizer: any Optimizer, workDir: String, timestamp: String = RunnerDefaults.now()) {
        self.model = model
        self.optimizer = optimizer
        self.workDir = URL(fileURLWithPath: workDir).standardizedFileURL.path
        self.timestamp = timestamp
    }

    /// The current local time as MMCV formats run timestamps.
    public static func now() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}

/// MMCV's `build_runner(cfg.runner, default_args)`: the runner `config`
/// names (`["type": "EpochBasedRunner", "max_epochs": 12]`), built-in or
/// registered by the program.
public func buildRunner(config: ConfigSection, defaults: RunnerDefaults, registries: Registries) throws -> Runner {
    try config.build(from: registries.runners) {
        RunnerParts(config: $0, model: defaults.model, optimizer: defaults.optimizer, workDir: defaults.workDir,
                    timestamp: defaults.timestamp)
    }
}

/// Builds a runner from a dictionary written in Swift.
public func buildRunner(config: ConfigDict, defaults: RunnerDefaults, registries: Registries) throws -> Runner {
    try buildRunner(config: .code("runner", config), defaults: defaults, registries: registries)
}

/// Builds the hook `config` names (`["type": "EMAHook", "momentum": 0.01]`),
/// a plugin or a built-in one, for `runner`, ready for
/// `Runner.registerHook(_:priority:)`.
public func buildHook(config: ConfigDict, runner: Runner, registries: Registries,
                      checkpointer: Checkpointer = Checkpointer(config: .null)) throws -> any Hook {
    try ConfigSection.code("custom_hooks", config).build(from: registries.hooks, extraKeys: ["priority"]) {
        HookArguments(config: $0, runner: runner, checkpointer: checkpointer)
    }.hook
}

extension Registries {
    /// The built-in types plus every plugin found in the bundled folder,
    /// `pluginDirectories` and `PACER_PLUGIN_PATH`, as `pacer train` finds them.
    public static func standard(pluginDirectories: [String], allowInsecurePlugins: Bool = false) throws -> Registries {
        try standard(catalog: PluginCatalog(searchPath: PluginSearchPath.standard(
            directories: pluginDirectories, allowInsecure: allowInsecurePlugins)))
    }
}

extension ConfigSection {
    /// A section written in Swift code, named `key` in error messages.
    static func code(_ key: String, _ entries: ConfigDict) -> ConfigSection {
        ConfigSection(file: "<swift>", keyPath: ConfigKeyPath([.key(key)]), entries: entries)
    }
}
