/// MMCV's `CosineRestart` policy: a cosine annealing that restarts at the
/// end of every period, each period starting from `weight * base`.
public struct CosineRestartSchedule: UniformSchedulePolicy {
    /// The length of each period, in epochs or iterations.
    public let periods: [Int]
    /// The starting weight of each period.
    public let restartWeights: [Double]
    /// Where every cosine ends.
    public let target: AnnealTarget
    private let cumulative: [Int]

    /// Cosines over `periods` (as many as `restartWeights`).
    public init(periods: [Int], restartWeights: [Double], target: AnnealTarget) {
        self.periods = periods
        self.restartWeights = restartWeights
        self.target = target
        var sum = 0
        cumulative = periods.map { sum += $0; return sum }
    }

    /// The sum of the periods: the progress the schedule covers.
    public var length: Int { cumulative.last ?? 0 }

    /// `annealing_cos(base, target, min((progress - restart) / period, 1), weight)`
    /// in the period holding `progress`. Past the last period (which the
    /// builder refuses for known budgets) the last period's end value.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        let index = cumulative.firstIndex(where: { progress < $0 }) ?? cumulative.count - 1
        let restart = index == 0 ? 0 : cumulative[index - 1]
        let alpha = min(Double(progress - restart) / Double(periods[index]), 1)
        return Annealing.cosine(base, target.target(base: base), alpha, weight: restartWeights[index])
    }
}

extension CosineRestartSchedule {
    /// MMCV raises at the first epoch or iteration past the periods;
    /// Pacer refuses the run before it starts.
    public func bases(initial: [Double], maxIters: Int, total: Int) throws -> [Double] {
        guard length >= total else { throw ScheduleError.periodsTooShort(sum: length, total: total) }
        return initial
    }
}
