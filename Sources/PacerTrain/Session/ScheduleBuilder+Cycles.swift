import PacerConfig

/// The cyclical policies, which count iterations only: cyclic and OneCycle.
extension ScheduleBuilder {
    /// `target_ratio` (LR (10, 1e-4), momentum (0.85/0.95, 1); one number
    /// `x` means `(x, x / 1e5)`), `cyclic_times` (1), `step_ratio_up` (0.4,
    /// in [0, 1)), `anneal_strategy` ('cos'), `gamma` (1, in (0, 1]).
    static func cyclic(_ config: ConfigSection, target: ScheduleTarget) throws -> Made {
        let ratio = try targetRatio(config, default: target == .lr ? (10, 1e-4) : (0.85 / 0.95, 1))
        let policy = CyclicSchedule(
            targetRatio: ratio,
            cyclicTimes: try config.int("cyclic_times", default: 1, where: { $0 > 0 }, "must be a positive integer"),
            stepRatioUp: try config.double("step_ratio_up", default: 0.4, where: { $0 >= 0 && $0 < 1 },
                                           "must be in [0, 1)"),
            anneal: try annealStrategy(config),
            gamma: try config.double("gamma", default: 1, where: { $0 > 0 && $0 <= 1 }, "must be in (0, 1]"))
        return Made(policy: policy, iterationsOnly: true)
    }

    /// `max_lr` (required; one number or one per group), `total_steps`
    /// (the run's iterations), `pct_start` (0.3, in [0, 1]),
    /// `anneal_strategy` ('cos'), `div_factor` (25), `final_div_factor`
    /// (1e4), `three_phase` (false).
    static func oneCycle(_ config: ConfigSection, groups: Int) throws -> Made {
        let maxLR = try perGroup(config, "max_lr", groups: groups)
        let totalSteps = try config.optionalInt("total_steps")
        if let totalSteps, totalSteps <= 0 { throw BuildError.invalid(config, "total_steps", "must be a positive integer") }
        let policy = OneCycleSchedule(
            maxLR: maxLR, totalSteps: totalSteps, pctStart: try pctStart(config), anneal: try annealStrategy(config),
            divFactor: try config.double("div_factor", default: 25, where: { $0 > 0 }, "must be positive"),
            finalDivFactor: try config.double("final_div_factor", default: 1e4, where: { $0 > 0 }, "must be positive"),
            threePhase: try config.bool("three_phase", default: false))
        return Made(policy: policy, iterationsOnly: true)
    }

    /// `base_momentum` (0.85) and `max_momentum` (0.95), each one number or
    /// one per group; `pct_start` (0.3), `anneal_strategy` ('cos'), `three_phase` (false).
    static func oneCycleMomentum(_ config: ConfigSection, groups: Int) throws -> Made {
        let policy = try OneCycleMomentumSchedule(
            baseMomentum: try perGroup(config, "base_momentum", default: 0.85, groups: groups),
            maxMomentum: try perGroup(config, "max_momentum", default: 0.95, groups: groups),
            pctStart: try pctStart(config), anneal: try annealStrategy(config),
            threePhase: try config.bool("three_phase", default: false), groups: groups)
        return Made(policy: policy, iterationsOnly: true)
    }

    private static func targetRatio(_ config: ConfigSection, default pair: (Double, Double)) throws -> (Double, Double) {
        guard let node = config.optionalValue("target_ratio") else { return pair }
        switch node.value {
        case .int, .double:
            let value = try node.double()
            return (value, value / 1e5)
        case .list, .tuple:
            let values = try node.list().map { try $0.double() }
            if values.count == 1 { return (values[0], values[0] / 1e5) }
            if values.count == 2 { return (values[0], values[1]) }
            throw BuildError.invalid(node, "must be a number or a list of two numbers, got \(values.count)")
        default:
            throw BuildError.invalid(node, "must be a number or a list of two numbers")
        }
    }

    private static func annealStrategy(_ config: ConfigSection) throws -> Annealing {
        let name = try config.string("anneal_strategy", default: "cos")
        guard let strategy = Annealing(rawValue: name) else {
            throw BuildError.invalid(config, "anneal_strategy", "is '\(name)'; it must be one of 'cos' or 'linear'")
        }
        return strategy
    }

    private static func pctStart(_ config: ConfigSection) throws -> Double {
        try config.double("pct_start", default: 0.3, where: { (0...1).contains($0) }, "must be a number in [0, 1]")
    }

    private static func perGroup(_ config: ConfigSection, _ key: String, default value: Double? = nil,
                                 groups: Int) throws -> [Double] {
        let values = try config.numbers(key, default: value.map { [$0] })
        guard values.count == 1 || values.count == groups else {
            throw BuildError.invalid(config, key, "has \(values.count) values for \(groups) parameter group(s)")
        }
        return values
    }
}
