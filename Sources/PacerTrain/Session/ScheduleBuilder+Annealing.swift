import PacerConfig

/// The annealing policies: CosineAnnealing, LinearAnnealing,
/// FlatCosineAnnealing, CosineRestart, each ending at `min_lr` or
/// `min_lr_ratio` (`min_momentum` / `min_momentum_ratio`), exactly one.
extension ScheduleBuilder {
    static func annealing(_ name: String, _ config: ConfigSection, target: ScheduleTarget) throws -> Made {
        let end = try annealTarget(config, target: target)
        switch name {
        case "CosineAnnealing":
            return Made(policy: CosineAnnealingSchedule(target: end))
        case "LinearAnnealing":
            return Made(policy: LinearAnnealingSchedule(target: end))
        case "FlatCosineAnnealing":
            let start = try config.double("start_percent", default: 0.75, where: { (0...1).contains($0) },
                                          "must be a number in [0, 1]")
            return Made(policy: FlatCosineAnnealingSchedule(startPercent: start, target: end))
        default:
            let periodsNode = try config.value("periods")
            let periods = try periodsNode.list().map { item in
                let value = try item.int()
                guard value > 0 else { throw BuildError.invalid(item, "must be a positive integer") }
                return value
            }
            guard !periods.isEmpty else { throw BuildError.invalid(periodsNode, "must not be empty") }
            let weights = try config.numbers("restart_weights", default: [1])
            guard weights.count == periods.count else {
                throw BuildError.invalid(config, "restart_weights",
                                         "has \(weights.count) values; periods and restart_weights should have the same length (\(periods.count))")
            }
            return Made(policy: CosineRestartSchedule(periods: periods, restartWeights: weights, target: end))
        }
    }

    private static func annealTarget(_ config: ConfigSection, target: ScheduleTarget) throws -> AnnealTarget {
        let minimum = try config.optionalDouble(target.minKey)
        let ratio = try config.optionalDouble(target.minRatioKey)
        switch (minimum, ratio) {
        case (let value?, nil): return .value(value)
        case (nil, let ratio?): return .ratio(ratio)
        case (_?, _?):
            throw BuildError.invalid(config, target.minRatioKey,
                                     "is set together with '\(target.minKey)'; set exactly one of them")
        case (nil, nil):
            throw BuildError.invalid(config, target.minKey,
                                     "is not set; set exactly one of '\(target.minKey)' and '\(target.minRatioKey)'")
        }
    }
}
