import Pacer
import PacerConfig

extension Runner {
    /// MMCV's `register_training_hooks`, step 3 of its runner documentation:
    /// registers, in this order, the LR updater (VERY_HIGH), the momentum
    /// updater (HIGH), the optimizer step (ABOVE_NORMAL), checkpoints
    /// (NORMAL), the iteration timer (LOW), the loggers of
    /// `logConfig["hooks"]` (VERY_LOW), then `customHooksConfig` at their own
    /// `priority`. Each dictionary holds what the config key of the same
    /// name would; nil skips the hook. Hooks are looked up by `type` in
    /// `registries`, plugins and built-ins alike.
    public func registerTrainingHooks(
        lrConfig: ConfigDict?, optimizerConfig: ConfigDict? = nil, checkpointConfig: ConfigDict? = nil,
        logConfig: ConfigDict? = nil, momentumConfig: ConfigDict? = nil, customHooksConfig: [ConfigDict] = [],
        registries: Registries, checkpointer: Checkpointer = Checkpointer(config: .null)
    ) throws {
        let sections = TrainingHooks.Sections(
            lr: lrConfig.map { .code("lr_config", $0) }, momentum: momentumConfig.map { .code("momentum_config", $0) },
            optimizer: optimizerConfig.map { .code("optimizer_config", $0) },
            checkpoint: checkpointConfig.map { .code("checkpoint_config", $0) }, log: logConfig.map { .code("log_config", $0) },
            customHooks: customHooksConfig.enumerated().map { index, entries in
                ConfigSection(file: "<swift>", keyPath: ConfigKeyPath([.key("custom_hooks"), .index(index)]),
                              entries: entries)
            })
        _ = try TrainingHooks.register(on: self, sections, registries: registries, checkpointer: checkpointer)
    }
}
