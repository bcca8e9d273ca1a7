import Pacer
import PacerConfig
import PacerPlugins

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

/// The registries a config's `type` names are looked up in. Built-in Swift
/// types and every loaded plugin are registered side by side; a Swift
/// program adds its own (a custom runner, an in-program hook) before
/// building a session.
public struct Registries {
    /// Runners (`runner.type`).
    public var runners = Registry<RunnerParts, Runner>(kind: "runner")
    /// Hooks (`custom_hooks`, `log_config.hooks`), with their default priority.
    public var hooks = Registry<ConfigSection, (hook: any Hook, priority: Priority)>(kind: "hook")
    /// Models (`model.type`).
    public var models = Registry<ConfigSection, any Model>(kind: "model")
    /// Datasets (`data.<mode>.type`).
    public var datasets = Registry<ConfigSection, any Dataset>(kind: "dataset")

    /// The built-in types plus every plugin of `catalog`.
    public static func standard(catalog: PluginCatalog) throws -> Registries {
        var registries = Registries()
        try registries.runners.register("EpochBasedRunner") { parts in
            try EpochBasedRunner(model: parts.model, optimizer: parts.optimizer, workDir: parts.workDir,
                                 timestamp: parts.timestamp, maxEpochs: parts.config.int("max_epochs"))
        }
        try registries.runners.register("IterBasedRunner") { parts in
            try IterBasedRunner(model: parts.model, optimizer: parts.optimizer, workDir: parts.workDir,
                                timestamp: parts.timestamp, maxIters: parts.config.int("max_iters"))
        }
        try registries.datasets.register("FashionMNIST") { config in
            try FashionMNIST(root: config.string("data_root", default: FashionMNIST.defaultRoot),
                             split: config.string("split", default: "train"),
                             limit: config.optionalInt("num_samples"))
        }
        try registries.hooks.register("EarlyStoppingHook") { config in
            (try EarlyStoppingBuilder.build(config), EarlyStoppingHook.defaultPriority)
        }
        try registries.hooks.register("ClosureHook") { config in
            (try ClosureHookBuilder.build(config, allowInsecure: catalog.allowsInsecurePlugins), .normal)
        }
        for plugin in catalog.plugins {
            switch plugin.kind {
            case .hook:
                try registries.hooks.register(plugin.typeName, origin: plugin.path) { config in
                    (try PluginHook(plugin, config: PluginConfigView(config.entries)),
                     try Priority(plugin.defaultPriority))
                }
            case .model:
                try registries.models.register(plugin.typeName, origin: plugin.path) { config in
                    try PluginModel(plugin, config: PluginConfigView(config.entries))
                }
            }
        }
        return registries
    }
}
