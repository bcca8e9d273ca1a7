import Pacer
import PacerConfig

/// Reads `lr_config` / `momentum_config` (MMCV's `register_lr_hook` and
/// `register_momentum_hook`): the policy by name (any case), its options,
/// `by_epoch` and warmup. Every bad option is one error naming the file
/// and the key, raised while the session is built; a schedule that cannot
/// fit the run's length is refused here when the length is known (an
/// IterBasedRunner's, or epochs for a by-epoch schedule), else at
/// `before_run`, still before the first iteration.
enum ScheduleBuilder {
    /// `lr_config` or `momentum_config` with the hook type MMCV builds from
    /// it: `policy='step'` becomes `type='StepLrUpdaterHook'` (any case of a
    /// known policy name), and a dict with `type` and no `policy` names its
    /// hook directly (a plugin's, say).
    static func typed(_ config: ConfigSection, target: ScheduleTarget) throws -> ConfigSection {
        guard let given = try config.optionalString("policy") else {
            guard config.optionalValue("type") != nil else {
                throw BuildError.invalid(file: config.file, key: config.keyPath,
                                         message: "needs a policy (policy='step') or a hook type (type='...')")
            }
            return config
        }
        guard let name = target.policies[given.lowercased()] else {
            let known = target.policies.values.sorted()
            let hint = Spelling.closest(to: given, among: known).map { "; did you mean '\($0)'?" }
                ?? " (known: \(known.joined(separator: ", ")))"
            throw BuildError.invalid(config, "policy", "is '\(given)', not a known policy\(hint)")
        }
        let type = name + target.hookSuffix
        if let other = try config.optionalString("type"), other != type {
            throw BuildError.invalid(config, "type", "is '\(other)' but policy='\(given)' builds \(type); give one of them")
        }
        return config.withDefaultType(type)
    }

    /// The updater hook of `policy` (a canonical policy name).
    static func hook(policy: String, _ arguments: HookArguments, target: ScheduleTarget) throws -> any Hook {
        let spec = try build(arguments.config, policy: policy, target: target, runner: arguments.runner)
        switch target {
        case .lr:
            return LRUpdaterHook(policyName: spec.name, policy: spec.policy, byEpoch: spec.byEpoch,
                                 warmup: spec.warmup, warmupByEpoch: spec.warmupByEpoch)
        case .momentum:
            return MomentumUpdaterHook(policyName: spec.name, policy: spec.policy, byEpoch: spec.byEpoch,
                                       warmup: spec.warmup)
        }
    }

    static func build(_ config: ConfigSection, policy name: String, target: ScheduleTarget,
                      runner: Runner) throws -> ScheduleSpec {
        try config.requireOnly(target.commonKeys + options(of: name, target: target), of: name + target.hookSuffix)
        let groups = runner.optimizer?.paramGroups.count ?? 1
        let made = try policy(name, config, target: target, groups: groups)
        let iterBased = runner is IterBasedRunner
        let byEpoch = try config.bool("by_epoch", default: made.iterationsOnly ? false : !iterBased)
        if byEpoch && made.iterationsOnly {
            throw BuildError.invalid(config, "by_epoch", "must be false: the \(name) policy counts iterations")
        }
        if byEpoch && iterBased {
            throw BuildError.invalid(config, "by_epoch", "must be false with IterBasedRunner, which has no train epochs")
        }
        let warmup = try Self.warmup(config, target: target)
        // Under IterBasedRunner warmup epochs count passes over the train
        // loader (MMCV fails an assertion there).
        let warmupByEpoch = target == .lr ? try config.bool("warmup_by_epoch", default: false) : false
        try checkLength(made.policy, config, runner: runner, byEpoch: byEpoch, groups: groups)
        return ScheduleSpec(name: name, policy: made.policy, byEpoch: byEpoch, warmup: warmup,
                            warmupByEpoch: warmupByEpoch)
    }

    /// A policy and whether it counts iterations only.
    struct Made {
        let policy: any SchedulePolicy
        var iterationsOnly = false
    }

    /// The options of policy `name` (a canonical name) besides the ones
    /// every policy of `target` has.
    static func options(of name: String, target: ScheduleTarget) -> [String] {
        let ends = [target.minKey, target.minRatioKey]
        switch name {
        case "Fixed": return []
        case "Step": return ["step", "gamma", target.minKey]
        case "Exp": return ["gamma"]
        case "Poly": return ["power", "min_lr"]
        case "Inv": return ["gamma", "power"]
        case "CosineAnnealing", "LinearAnnealing": return ends
        case "FlatCosineAnnealing": return ends + ["start_percent"]
        case "CosineRestart": return ends + ["periods", "restart_weights"]
        case "Cyclic": return ["target_ratio", "cyclic_times", "step_ratio_up", "anneal_strategy", "gamma"]
        default:
            return target == .lr
                ? ["max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase"]
                : ["base_momentum", "max_momentum", "pct_start", "anneal_strategy", "three_phase"]
        }
    }

    private static func policy(_ name: String, _ config: ConfigSection, target: ScheduleTarget,
                               groups: Int) throws -> Made {
        switch name {
        case "Fixed": return Made(policy: FixedSchedule())
        case "Step": return try step(config, target: target)
        case "Exp": return try exp(config)
        case "Poly": return try poly(config)
        case "Inv": return try inv(config)
        case "CosineAnnealing", "LinearAnnealing", "FlatCosineAnnealing", "CosineRestart":
            return try annealing(name, config, target: target)
        case "Cyclic": return try cyclic(config, target: target)
        default:
            return target == .lr ? try oneCycle(config, groups: groups) : try oneCycleMomentum(config, groups: groups)
        }
    }

    /// MMCV's warmup options; `nil` when `warmup` is absent or null (its
    /// other options are then ignored, as MMCV does).
    private static func warmup(_ config: ConfigSection, target: ScheduleTarget) throws -> Warmup? {
        guard let kindName = try config.optionalString("warmup") else { return nil }
        guard let kind = Warmup.Kind(rawValue: kindName) else {
            throw BuildError.invalid(config, "warmup", "is '\(kindName)'; valid types are constant, linear and exp")
        }
        let iterations = try config.int("warmup_iters", default: 0, where: { $0 > 0 }, "must be a positive integer")
        let ratio = try config.double("warmup_ratio", default: target.warmupRatioDefault,
                                      where: { $0 > 0 && $0 <= 1 }, "must be in (0, 1]")
        return Warmup(kind: kind, iterations: iterations, ratio: ratio)
    }

    /// Runs the policy's own `before_run` check now when the run's length
    /// is known, so the error names the config key.
    private static func checkLength(_ policy: any SchedulePolicy, _ config: ConfigSection, runner: Runner,
                                    byEpoch: Bool, groups: Int) throws {
        let iterBased = runner is IterBasedRunner
        guard iterBased || byEpoch else { return }
        let initial = Array(repeating: 1.0, count: groups)
        do {
            _ = try policy.bases(initial: initial, maxIters: runner.maxIters,
                                 total: byEpoch ? runner.maxEpochs : runner.maxIters)
        } catch let error as ScheduleError {
            throw BuildError.invalid(config, error.key, String(error.description.drop { $0 != " " }.dropFirst()))
        }
    }
}
