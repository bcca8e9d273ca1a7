import Pacer
import PacerConfig

/// MMCV's `register_training_hooks`, from config sections: LR updater (VERY_HIGH),
/// momentum updater (HIGH), optimizer step (ABOVE_NORMAL), checkpoints
/// (NORMAL), iteration timer (LOW), loggers (VERY_LOW), then `custom_hooks`
/// at their own priority; then, as MMCV's train scripts do, the `EvalHook`
/// from `evaluation` at LOW, after the checkpoint hook.
enum TrainingHooks {
    /// The sections `register` reads, each nil when the config lacks it.
    struct Sections {
        var lr, momentum, optimizer, checkpoint, log: ConfigSection?
        var customHooks: [ConfigSection] = []

        /// The sections of a whole config.
        init(_ config: Config) throws {
            lr = try config.optionalDict("lr_config")
            momentum = try config.optionalDict("momentum_config")
            optimizer = try config.optionalDict("optimizer_config")
            checkpoint = try config.optionalDict("checkpoint_config")
            log = try config.optionalDict("log_config")
            customHooks = try (config.optionalList("custom_hooks") ?? []).map { try $0.dict() }
        }

        /// Sections given one by one, as from Swift code.
        init(lr: ConfigSection?, momentum: ConfigSection?, optimizer: ConfigSection?, checkpoint: ConfigSection?,
             log: ConfigSection?, customHooks: [ConfigSection]) {
            self.lr = lr
            self.momentum = momentum
            self.optimizer = optimizer
            self.checkpoint = checkpoint
            self.log = log
            self.customHooks = customHooks
        }
    }

    /// What `register` built that the evaluation hook needs to know of.
    struct Registered {
        var loggers: [any Hook] = []
        var stoppers: [(hook: EarlyStoppingHook, section: ConfigSection)] = []
    }

    static func register(on runner: Runner, _ sections: Sections, registries: Registries,
                         checkpointer: Checkpointer) throws -> Registered {
        let iterBased = runner is IterBasedRunner
        if let lr = sections.lr {
            runner.registerHook(try LRUpdaterBuilder.build(lr, runner: runner), priority: .veryHigh)
        }
        if let momentum = sections.momentum {
            runner.registerHook(try MomentumUpdaterBuilder.build(momentum, runner: runner), priority: .high)
        }
        if let optimizerConfig = sections.optimizer {
            runner.registerHook(try OptimizerHookBuilder.build(optimizerConfig), priority: .aboveNormal)
        }
        if let checkpoint = sections.checkpoint {
            runner.registerHook(try checkpointHook(checkpoint, checkpointer: checkpointer, iterBased: iterBased),
                                priority: .normal)
        }
        runner.registerHook(IterTimerHook(), priority: .low)
        var registered = Registered()
        if let log = sections.log {
            let interval = try log.int("interval", default: 10)
            for node in try log.list("hooks") {
                let section = try node.dict()
                    .withDefault("interval", .int(interval))
                    .withDefault("by_epoch", .bool(!iterBased))
                let built = try section.build(from: registries.hooks)
                runner.registerHook(built.hook, priority: try section.priority() ?? .veryLow)
                registered.loggers.append(built.hook)
            }
        }
        for section in sections.customHooks {
            let built = try section.build(from: registries.hooks)
            runner.registerHook(built.hook, priority: try section.priority() ?? built.priority)
            if let stopper = built.hook as? EarlyStoppingHook { registered.stoppers.append((stopper, section)) }
        }
        return registered
    }

    /// The EvalHook from `evaluation`, told of the loggers and the
    /// early-stopping hooks `register` built.
    static func registerEvaluation(on runner: Runner, config: Config, registries: Registries,
                                   checkpointer: Checkpointer, registered: Registered) throws {
        let loggers = registered.loggers, stoppers = registered.stoppers
        guard let evaluation = try config.optionalDict("evaluation") else {
            if let stopper = stoppers.first,
               try !WorkflowBuilder.workflow(config).contains(where: { $0.mode == "val" && $0.count > 0 }) {
                throw BuildError.invalid(stopper.section, "monitor", "has nothing to watch: set evaluation = dict(...) "
                                         + "or add a ('val', N) flow to the workflow")
            }
            return
        }
        let hook = try EvalHookBuilder.build(evaluation, config: config, datasets: registries.datasets,
                                             checkpointer: checkpointer, runner: runner)
        hook.loggers = loggers
        for stopper in stoppers {
            if let byEpoch = stopper.hook.byEpoch, byEpoch != hook.byEpoch {
                throw BuildError.invalid(stopper.section, "by_epoch",
                                         "is \(byEpoch), but evaluation.by_epoch is \(hook.byEpoch); they must agree")
            }
            hook.observers.append(stopper.hook)
        }
        runner.registerHook(hook, priority: .low)
    }

    private static func checkpointHook(_ config: ConfigSection, checkpointer: Checkpointer,
                                       iterBased: Bool) throws -> CheckpointHook {
        CheckpointHook(
            interval: try config.int("interval", default: -1),
            byEpoch: try config.bool("by_epoch", default: !iterBased),
            saveOptimizer: try config.bool("save_optimizer", default: true),
            saveLast: try config.bool("save_last", default: true),
            maxKeep: try config.int("max_keep_ckpts", default: -1),
            outDir: try config.optionalString("out_dir"),
            checkpointer: checkpointer)
    }
}
