import Pacer
import PacerConfig

/// MMCV's `register_training_hooks`, from config sections, every hook built
/// by `type` from the hook registry (plugins and built-ins alike): the LR
/// updater (`lr_config`, VERY_HIGH), the momentum updater
/// (`momentum_config`, HIGH), the optimizer step (`optimizer_config`,
/// `OptimizerHook` by default, ABOVE_NORMAL), checkpoints
/// (`checkpoint_config`, `CheckpointHook` by default, NORMAL), the
/// iteration timer (`timer_config`, `IterTimerHook` by default, LOW),
/// loggers (`log_config.hooks`, VERY_LOW), then `custom_hooks` at their own
/// priority; then, as MMCV's train scripts do, the `EvalHook` from
/// `evaluation` at LOW, after the checkpoint hook.
enum TrainingHooks {
    /// The sections `register` reads, each nil when the config lacks it.
    struct Sections {
        var lr, momentum, optimizer, checkpoint, timer, log: ConfigSection?
        var customHooks: [ConfigSection] = []
        /// The config file, which a defaulted section names in errors.
        var file = "<swift>"

        /// The sections of a whole config.
        init(_ config: Config) throws {
            file = config.file
            lr = try config.optionalDict("lr_config")
            momentum = try config.optionalDict("momentum_config")
            optimizer = try config.optionalDict("optimizer_config")
            checkpoint = try config.optionalDict("checkpoint_config")
            timer = try config.optionalDict("timer_config")
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

    /// The options of `log_config` itself.
    static let logOptions = ["interval", "hooks"]

    static func register(on runner: Runner, _ sections: Sections, registries: Registries,
                         checkpointer: Checkpointer) throws -> Registered {
        func build(_ section: ConfigSection, extraKeys: [String] = [], defaulted: [String] = []) throws -> BuiltHook {
            try section.build(from: registries.hooks, extraKeys: extraKeys) {
                HookArguments(config: $0, runner: runner, checkpointer: checkpointer, defaultedKeys: defaulted)
            }
        }
        for (section, target) in [(sections.lr, ScheduleTarget.lr), (sections.momentum, .momentum)] {
            guard let section else { continue }
            runner.registerHook(try build(ScheduleBuilder.typed(section, target: target)).hook, priority: target.priority)
        }
        if let optimizerConfig = sections.optimizer {
            if let type = try optimizerConfig.optionalString("type"), type.hasPrefix("Fp16") {
                throw BuildError.invalid(optimizerConfig, "type", "is '\(type)'; Pacer trains in float32 on the CPU, "
                                         + "so use OptimizerHook (the default)")
            }
            runner.registerHook(try build(optimizerConfig.withDefaultType("OptimizerHook")).hook, priority: .aboveNormal)
        }
        if let checkpoint = sections.checkpoint {
            runner.registerHook(try build(checkpoint.withDefaultType("CheckpointHook")).hook, priority: .normal)
        }
        let timer = sections.timer
            ?? ConfigSection(file: sections.file, keyPath: ConfigKeyPath([.key("timer_config")]), entries: [:])
        runner.registerHook(try build(timer.withDefaultType("IterTimerHook")).hook, priority: .low)
        var registered = Registered()
        if let log = sections.log {
            try log.requireOnly(logOptions, of: "log_config")
            let interval = try log.int("interval", default: 10)
            let byEpoch = !(runner is IterBasedRunner)
            let hooks = try log.list("hooks").map { try $0.dict() }
            // MMCV's LoggerHook.before_run: only the last logger clears the output it logged.
            let lastLogger = try hooks.lastIndex { try LogConfigHooks.isLogger($0, registries: registries) }
            for (index, given) in hooks.enumerated() {
                try LogConfigHooks.refuse(given, registered: registries.hooks.names)
                let keepsOutput = try index != lastLogger && LogConfigHooks.isLogger(given, registries: registries)
                let defaults: [(key: String, value: ConfigValue)] = [("interval", .int(interval)), ("by_epoch", .bool(byEpoch))]
                    + (keepsOutput ? [("reset_flag", .bool(false))] : [])
                let defaulted = defaults.map(\.key).filter { given.entries[$0] == nil }
                let section = defaults.reduce(given) { $0.withDefault($1.key, $1.value) }
                let built = try build(section, extraKeys: ["priority"] + defaulted, defaulted: defaulted)
                runner.registerHook(built.hook, priority: try section.priority() ?? .veryLow)
                registered.loggers.append(built.hook)
            }
        }
        for section in sections.customHooks {
            let built = try build(section, extraKeys: ["priority"])
            runner.registerHook(built.hook, priority: try section.priority() ?? built.priority)
            if let stopper = built.hook as? EarlyStoppingHook { registered.stoppers.append((stopper, section)) }
        }
        return registered
    }

    /// The EvalHook from `evaluation` unless `validate` is false (MMCV's
    /// `--no-validate`), told of the loggers and the early-stopping hooks
    /// `register` built.
    static func registerEvaluation(on runner: Runner, config: Config, validate: Bool, registries: Registries,
                                   checkpointer: Checkpointer, registered: Registered) throws {
        let loggers = registered.loggers, stoppers = registered.stoppers
        guard validate, let evaluation = try config.optionalDict("evaluation") else {
            if let stopper = stoppers.first,
               try !WorkflowBuilder.workflow(config).contains(where: { $0.mode == "val" && $0.count > 0 }) {
                throw BuildError.invalid(stopper.section, "monitor", validate
                    ? "has nothing to watch: set evaluation = dict(...) or add a ('val', N) flow to the workflow"
                    : "has nothing to watch with --no-validate: add a ('val', N) flow to the workflow or drop --no-validate")
            }
            return
        }
        let hook = try EvalHookBuilder.build(evaluation, config: config, registries: registries,
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
}
