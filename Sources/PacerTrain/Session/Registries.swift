import Foundation
import Pacer
import PacerConfig
import PacerPlugins

// MARK: - What each kind's factory gets

/// What a runner factory gets: its config section and the parts it drives.
public struct RunnerParts {
    /// `runner = dict(type=..., ...)`.
    public let config: ConfigSection
    /// The model.
    public let model: any Model
    /// The optimizer.
    public let optimizer: any Optimizer
    /// Absolute work directory.
    public let workDir: String
    /// The run's timestamp.
    public let timestamp: String
}

/// What a hook factory gets: its config section (read it directly, as the
/// section: `try arguments.int("interval")`), the runner it will be
/// registered on, and the checkpointer checkpoint-writing hooks share.
public struct HookArguments: ConfigDictReading {
    /// The hook's config dict (`custom_hooks[i]`, `lr_config`, ...).
    public let config: ConfigSection
    /// The runner the hook is built for.
    public let runner: Runner
    /// Writes checkpoints for the run.
    public let checkpointer: Checkpointer
    /// Keys the host filled in by default (a logger's `interval`), which a
    /// hook may leave unread.
    public let defaultedKeys: [String]

    /// Arguments for a hook of `runner` built from `config`.
    public init(config: ConfigSection, runner: Runner, checkpointer: Checkpointer, defaultedKeys: [String] = []) {
        self.config = config
        self.runner = runner
        self.checkpointer = checkpointer
        self.defaultedKeys = defaultedKeys
    }

    /// The config file.
    public var file: String { config.file }
    /// Where the hook's dict sits in the config.
    public var keyPath: ConfigKeyPath { config.keyPath }
    /// The hook's config dict.
    public var entries: ConfigDict { config.entries }
}

/// A built hook and the priority it takes where the config gives none.
public typealias BuiltHook = (hook: any Hook, priority: Priority)

/// What an optimizer factory gets: `optimizer = dict(type=..., ...)` and the
/// model whose parameters it updates.
public struct OptimizerArguments {
    /// The optimizer's config dict.
    public let config: ConfigSection
    /// The model.
    public let model: any Model
}

// MARK: - The registries

/// The registries a config's `type` names are looked up in, one per kind,
/// as MMCV's `RUNNERS`, `HOOKS`, `MODELS`, `OPTIMIZERS`, `DATASETS` and
/// mmcls's `PIPELINES`.
/// Built-in Swift types and every loaded plugin are registered side by
/// side; a Swift program adds its own (a custom runner, an in-program hook)
/// before building a session. Every hook slot of a config (`lr_config`,
/// `optimizer_config`, `checkpoint_config`, `log_config.hooks`,
/// `evaluation`, `custom_hooks`) is built from `hooks`, so a plugin can
/// fill any of them.
public struct Registries {
    /// Runners (`runner.type`).
    public var runners = Registry<RunnerParts, Runner>(kind: "runner")
    /// Hooks of every slot, with their default priority.
    public var hooks = Registry<HookArguments, BuiltHook>(kind: "hook")
    /// Models (`model.type`).
    public var models = Registry<ConfigSection, any Model>(kind: "model")
    /// Optimizers (`optimizer.type`).
    public var optimizers = Registry<OptimizerArguments, any Optimizer>(kind: "optimizer")
    /// Datasets (`data.<mode>.type`): where a split's samples come from;
    /// the `pipeline` key every type accepts is built from `transforms`.
    public var datasets = Registry<ConfigSection, any SampleSource>(kind: "dataset")
    /// Transforms (`data.<mode>.pipeline[i].type`).
    public var transforms = Registry<ConfigSection, any Transform>(kind: "transform")
    /// Communication backends of distributed runs (`dist_params.backend`).
    public var communicators = Registry<ConfigSection, any Communicator>(kind: "communication backend")

    /// Every kind with its type names and their origins, for `pacer list`.
    public var listing: [(kind: String, types: [(name: String, origin: String)])] {
        func rows<A, P>(_ registry: Registry<A, P>) -> (kind: String, types: [(name: String, origin: String)]) {
            (registry.kind, registry.names.map { ($0, registry.origin(of: $0) ?? "") })
        }
        return [rows(runners), rows(models), rows(optimizers), rows(hooks), rows(datasets), rows(transforms),
                rows(communicators)]
    }

    /// The key the session sets in a model's config to the run's seed,
    /// unless the config sets it.
    static let modelSeedKey = "init_seed"

    /// The built-in types plus every plugin of `catalog`.
    public static func standard(catalog: PluginCatalog) throws -> Registries {
        var registries = Registries()
        try registries.registerRunners()
        try registries.registerOptimizers()
        try registries.registerHooks(allowInsecurePlugins: catalog.allowsInsecurePlugins)
        try registries.registerDatasets()
        try TransformBuilder.registerBuiltIn(in: &registries.transforms)
        for plugin in catalog.plugins {
            try registries.register(plugin)
        }
        return registries
    }

    /// Registers one plugin under its kind, with its declared options.
    mutating func register(_ plugin: PluginDescriptor) throws {
        let options = plugin.options.isEmpty ? nil : plugin.options.map(\.name)
        switch plugin.kind {
        case .hook:
            try hooks.register(plugin.typeName, origin: plugin.path, options: options) { arguments in
                let view = try PluginOptionCheck.view(for: plugin, arguments.config)
                let hook = try PluginHook(plugin, config: view)
                try PluginOptionCheck.unasked(by: plugin, view, hostKeys: arguments.defaultedKeys + ["priority"])
                return (hook, try Priority(plugin.defaultPriority))
            }
        case .model:
            try models.register(plugin.typeName, origin: plugin.path, options: options) { config in
                let view = try PluginOptionCheck.view(for: plugin, config)
                let model = try PluginModel(plugin, config: view)
                try PluginOptionCheck.unasked(by: plugin, view, hostKeys: [Self.modelSeedKey])
                return model
            }
        case .optimizer:
            try optimizers.register(plugin.typeName, origin: plugin.path, options: options) { arguments in
                try OptimizerBuilder.plugin(plugin, arguments.config, model: arguments.model)
            }
        case .dataset:
            try datasets.register(plugin.typeName, origin: plugin.path, options: options) { config in
                let view = try PluginOptionCheck.view(for: plugin, config)
                let dataset = PluginDataset(try PluginDatasetInstance(plugin, config: view))
                try PluginOptionCheck.unasked(by: plugin, view)
                return dataset
            }
        case .comm:
            try communicators.register(plugin.typeName, origin: plugin.path, options: options) { config in
                let view = try PluginOptionCheck.view(for: plugin, config)
                let communicator = try PluginCommunicator(plugin, config: view)
                try PluginOptionCheck.unasked(by: plugin, view, hostKeys: [])
                return communicator
            }
        }
    }

    private mutating func registerRunners() throws {
        try runners.register("EpochBasedRunner", options: ["max_epochs"]) { parts in
            try EpochBasedRunner(model: parts.model, optimizer: parts.optimizer, workDir: parts.workDir,
                                 timestamp: parts.timestamp, maxEpochs: parts.config.int("max_epochs"))
        }
        try runners.register("IterBasedRunner", options: ["max_iters"]) { parts in
            try IterBasedRunner(model: parts.model, optimizer: parts.optimizer, workDir: parts.workDir,
                                timestamp: parts.timestamp, maxIters: parts.config.int("max_iters"))
        }
    }

    private mutating func registerOptimizers() throws {
        for (name, options) in OptimizerBuilder.builtIn.sorted(by: { $0.key < $1.key }) {
            try optimizers.register(name, options: options) { arguments in
                try OptimizerBuilder.build(name, arguments.config, model: arguments.model)
            }
        }
    }

    private mutating func registerDatasets() throws {
        for variant in [MNISTDataset.Variant.mnist, .fashionMNIST] {
            try datasets.register(variant.rawValue, options: ["data_prefix", "test_mode", "classes", "num_samples"]) { config in
                let prefix = variant == .fashionMNIST
                    ? try config.string("data_prefix", default: MNISTDataset.debianFashionMNIST)
                    : try config.string("data_prefix")
                return try MNISTDataset(variant, dataPrefix: prefix, testMode: config.bool("test_mode", default: false),
                                        classes: Self.classes(config), limit: config.optionalInt("num_samples"))
            }
        }
        try datasets.register("CustomDataset", options: CustomDataset.options) { config in
            try CustomDataset.custom(config, classes: Self.classes(config))
        }
        try datasets.register("ImageNet", options: CustomDataset.imageNetOptions) { config in
            try CustomDataset.imageNet(config, classes: Self.classes(config))
        }
        for variant in [CIFARDataset.Variant.cifar10, .cifar100] {
            try datasets.register(variant.rawValue, options: CIFARDataset.options) { config in
                try CIFARDataset.build(variant, config, classes: Self.classes(config))
            }
        }
        try datasets.register("NumpyDataset", options: ["img_file", "label_file", "npz_file", "img_key", "label_key",
                                                        "num_classes", "num_samples"]) { config in
            try NumpyDataset.read(
                imgFile: config.optionalString("img_file"), labelFile: config.optionalString("label_file"),
                npzFile: config.optionalString("npz_file"), imgKey: config.string("img_key", default: "img"),
                labelKey: config.string("label_key", default: "gt_label"), classes: config.optionalInt("num_classes"),
                limit: config.optionalInt("num_samples"))
        }
        try datasets.register("CSVDataset", options: ["file", "label_column", "feature_columns", "delimiter",
                                                      "num_classes", "num_samples"]) { config in
            let delimiter = try config.string("delimiter", default: ",")
            guard delimiter.count == 1, let character = delimiter.first else {
                throw BuildError.invalid(config, "delimiter", "must be one character, not '\(delimiter)'")
            }
            return try CSVDataset.read(
                file: config.string("file"), labelColumn: config.string("label_column", default: "label"),
                featureColumns: config.optionalList("feature_columns")?.map { try $0.string() }, delimiter: character,
                classes: config.optionalInt("num_classes"), limit: config.optionalInt("num_samples"))
        }
    }

    /// mmcls's `classes`: a list of names, or a file of one name per line.
    static func classes(_ config: ConfigSection) throws -> [String]? {
        guard let node = config.optionalValue("classes") else { return nil }
        if case .string(let path) = node.value {
            let text = String(decoding: try NumpyDataset.readFile(path), as: UTF8.self)
            return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return try node.list().map { try $0.string() }
    }

    private mutating func registerHooks(allowInsecurePlugins: Bool) throws {
        for target in [ScheduleTarget.lr, .momentum] {
            for policy in target.policies.values.sorted() {
                try hooks.register(policy + target.hookSuffix) { arguments in
                    (try ScheduleBuilder.hook(policy: policy, arguments, target: target), target.priority)
                }
            }
        }
        try hooks.register("OptimizerHook", options: OptimizerHookBuilder.options) { arguments in
            (try OptimizerHookBuilder.optimizerHook(arguments.config), .aboveNormal)
        }
        try hooks.register("GradientCumulativeOptimizerHook",
                           options: OptimizerHookBuilder.options + ["cumulative_iters"]) { arguments in
            (try OptimizerHookBuilder.cumulative(arguments.config), .aboveNormal)
        }
        try hooks.register("CheckpointHook", options: CheckpointHookBuilder.options) { arguments in
            (try CheckpointHookBuilder.build(arguments), .normal)
        }
        try hooks.register("IterTimerHook", options: []) { _ in (IterTimerHook(), .low) }
        try hooks.register("EarlyStoppingHook", options: EarlyStoppingBuilder.options) { arguments in
            (try EarlyStoppingBuilder.build(arguments.config), EarlyStoppingHook.defaultPriority)
        }
        try hooks.register("ClosureHook") { arguments in
            (try ClosureHookBuilder.build(arguments.config, allowInsecure: allowInsecurePlugins), .normal)
        }
    }
}
