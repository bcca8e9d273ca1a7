/// MMCV's `OneCycle` momentum policy (iterations only): from each group's
/// `maxMomentum` down to its `baseMomentum` over the first `pctStart` of
/// the run, then back up (or up, then flat, with `threePhase`); the
/// inverse of the OneCycle LR curve. The optimizer's own momentum is
/// ignored.
public struct OneCycleMomentumSchedule: SchedulePolicy {
    /// The lowest momentum of each group (one value for all, or one per group).
    public let baseMomentum: [Double]
    /// The highest momentum of each group (one value for all, or one per group).
    public let maxMomentum: [Double]
    /// The fraction of the run spent falling, in [0, 1].
    public let pctStart: Double
    /// The curve of every phase.
    public let anneal: Annealing
    /// Whether to stay at the maximum for a third phase.
    public let threePhase: Bool
    private let lows: [Double]

    /// A one-cycle momentum schedule; `baseMomentum` and `maxMomentum`
    /// hold one value or one per group of an optimizer of `groups` groups.
    public init(baseMomentum: [Double], maxMomentum: [Double], pctStart: Double = 0.3,
                anneal: Annealing = .cos, threePhase: Bool = false, groups: Int) throws {
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
        self.pctStart = pctStart
        self.anneal = anneal
        self.threePhase = threePhase
        lows = try GroupValues.expand(baseMomentum, key: "base_momentum", groups: groups)
        _ = try GroupValues.expand(maxMomentum, key: "max_momentum", groups: groups)
    }

    /// Each group's `maxMomentum`: the value the cycle starts from.
    public func bases(initial: [Double], maxIters: Int, total: Int) throws -> [Double] {
        try GroupValues.expand(maxMomentum, key: "max_momentum", groups: initial.count)
    }

    /// MMCV's `OneCycleMomentumUpdaterHook.get_momentum` at iteration
    /// `progress` of `total`: the first phase whose end is at or after the
    /// iteration, the last phase past every end.
    public func value(group: Int, base: Double, progress: Int, total: Int) -> Double {
        let high = base
        let low = lows[group]
        let iters = Double(total)
        let iter = Double(progress)
        let fall = pctStart * iters - 1
        if iter <= fall { return anneal(high, low, iter / fall) }
        guard threePhase else { return anneal(low, high, (iter - fall) / (iters - 1 - fall)) }
        let rise = 2 * pctStart * iters - 2
        if iter <= rise { return anneal(low, high, (iter - fall) / (rise - fall)) }
        return anneal(high, high, (iter - rise) / (iters - 1 - rise))
    }
}
