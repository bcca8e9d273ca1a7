/// MMCV's `OneCycle` LR policy (iterations only): from `maxLR / divFactor`
/// up to `maxLR` over the first `pctStart` of `totalSteps`, then down to
/// `maxLR / divFactor / finalDivFactor` (or back to the start, then down,
/// with `threePhase`). The optimizer's own lr is ignored.
public struct OneCycleSchedule: UniformSchedulePolicy {
    /// The peak rate of each group (one value for all, or one per group).
    public let maxLR: [Double]
    /// The schedule's length; the run's max iterations when nil.
    public let totalSteps: Int?
    /// The fraction of the schedule spent rising, in [0, 1].
    public let pctStart: Double
    /// The curve of every phase.
    public let anneal: Annealing
    /// The start rate is `maxLR / divFactor`.
    public let divFactor: Double
    /// The final rate is the start rate divided by this.
    public let finalDivFactor: Double
    /// Whether to come back to the start rate before the final descent.
    public let threePhase: Bool

    /// A one-cycle schedule.
    public init(maxLR: [Double], totalSteps: Int? = nil, pctStart: Double = 0.3, anneal: Annealing = .cos,
                divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false) {
        self.maxLR = maxLR
        self.totalSteps = totalSteps
        self.pctStart = pctStart
        self.anneal = anneal
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.threePhase = threePhase
    }

    /// `maxLR / divFactor` per group, after checking `totalSteps`.
    public func bases(initial: [Double], maxIters: Int, total: Int) throws -> [Double] {
        let steps = totalSteps ?? maxIters
        guard steps >= maxIters else { throw ScheduleError.totalStepsTooFew(totalSteps: steps, maxIters: maxIters) }
        let peaks = try GroupValues.expand(maxLR, key: "max_lr", groups: initial.count)
        return peaks.map { $0 / divFactor }
    }

    /// MMCV's `OneCycleLrUpdaterHook.get_lr` at iteration `progress`: the
    /// first phase whose end (`pctStart * steps - 1`, then `steps - 1`, or
    /// `2 * pctStart * steps - 2` between them with `threePhase`) is at or
    /// after the iteration.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        let steps = Double(totalSteps ?? total)
        let iter = Double(progress)
        let finalRatio = 1 / finalDivFactor
        let rise = pctStart * steps - 1
        if iter <= rise { return anneal(base * 1, base * divFactor, iter / rise) }
        guard threePhase else {
            return anneal(base * divFactor, base * finalRatio, (iter - rise) / (steps - 1 - rise))
        }
        let back = 2 * pctStart * steps - 2
        if iter <= back { return anneal(base * divFactor, base * 1, (iter - rise) / (back - rise)) }
        return anneal(base * 1, base * finalRatio, (iter - back) / (steps - 1 - back))
    }
}
