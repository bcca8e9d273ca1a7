import Foundation

// The policies of MMCV's LR and momentum updater hooks, one struct each.

// MARK: - Fixed

/// MMCV's `fixed` policy: the base value throughout.
public struct FixedSchedule: UniformSchedulePolicy {
    /// The policy.
    public init() {}

    /// `base`.
    public func value(base: Double, progress: Int, total: Int) -> Double { base }
}

/// The `fixed` LR policy.
public typealias FixedLR = FixedSchedule

// MARK: - Step

/// MMCV's `step` policy: multiply by `gamma` at each step boundary, never
/// below `minimum` (`min_lr`, or `min_momentum` for momentum).
public struct StepSchedule: UniformSchedulePolicy {
    /// Decay points: every `n` units when one value, else the listed units.
    public enum Steps: Sendable, Equatable {
        /// Decay every `n` epochs or iterations.
        case every(Int)
        /// Decay at each listed epoch or iteration.
        case at([Int])
    }

    /// Where the value decays.
    public let steps: Steps
    /// The factor per decay.
    public let gamma: Double
    /// A floor, if any.
    public let minimum: Double?

    /// A step policy.
    public init(steps: Steps, gamma: Double = 0.1, minLR: Double? = nil) {
        self.steps = steps
        self.gamma = gamma
        minimum = minLR
    }

    /// `base * gamma ** decays`, floored at `minimum`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        let decays: Int
        switch steps {
        case .every(let n): decays = progress / n
        case .at(let points): decays = points.firstIndex(where: { progress < $0 }) ?? points.count
        }
        let rate = base * pow(gamma, Double(decays))
        return minimum.map { max(rate, $0) } ?? rate
    }
}

/// The `step` LR policy.
public typealias StepLR = StepSchedule

// MARK: - Exp

/// MMCV's `exp` policy: `base * gamma ** progress`.
public struct ExpSchedule: UniformSchedulePolicy {
    /// The factor per epoch or iteration.
    public let gamma: Double

    /// An exponential decay by `gamma`.
    public init(gamma: Double) { self.gamma = gamma }

    /// `base * gamma ** progress`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        base * pow(gamma, Double(progress))
    }
}

// MARK: - Poly

/// MMCV's `poly` policy: from `base` down to `minimum` along
/// `(1 - progress / total) ** power`.
public struct PolySchedule: UniformSchedulePolicy {
    /// The exponent.
    public let power: Double
    /// The value at the end of training (`min_lr`).
    public let minimum: Double

    /// A polynomial decay.
    public init(power: Double = 1, minimum: Double = 0) {
        self.power = power
        self.minimum = minimum
    }

    /// `(base - minimum) * (1 - progress / total) ** power + minimum`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        let coefficient = pow(1 - Double(progress) / Double(total), power)
        return (base - minimum) * coefficient + minimum
    }
}

// MARK: - Inv

/// MMCV's `inv` policy: `base * (1 + gamma * progress) ** (-power)`.
public struct InvSchedule: UniformSchedulePolicy {
    /// The rate of decay.
    public let gamma: Double
    /// The exponent.
    public let power: Double

    /// An inverse decay.
    public init(gamma: Double, power: Double = 1) {
        self.gamma = gamma
        self.power = power
    }

    /// `base * (1 + gamma * progress) ** (-power)`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        base * pow(1 + gamma * Double(progress), -power)
    }
}

// MARK: - CosineAnnealing

/// MMCV's `CosineAnnealing` policy: half a cosine from `base` at the start
/// to the target at the end of training.
public struct CosineAnnealingSchedule: UniformSchedulePolicy {
    /// Where the cosine ends.
    public let target: AnnealTarget

    /// A cosine annealing to `target`.
    public init(target: AnnealTarget) { self.target = target }

    /// `annealing_cos(base, target, progress / total)`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        Annealing.cosine(base, target.target(base: base), Double(progress) / Double(total))
    }
}

// MARK: - LinearAnnealing

/// MMCV's `LinearAnnealing` policy: a straight line from `base` at the
/// start to the target at the end of training.
public struct LinearAnnealingSchedule: UniformSchedulePolicy {
    /// Where the line ends.
    public let target: AnnealTarget

    /// A linear annealing to `target`.
    public init(target: AnnealTarget) { self.target = target }

    /// `annealing_linear(base, target, progress / total)`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        Annealing.linear(base, target.target(base: base), Double(progress) / Double(total))
    }
}

// MARK: - FlatCosineAnnealing

/// MMCV's `FlatCosineAnnealing` policy: `base` for the first
/// `startPercent` of training, then half a cosine down to the target.
public struct FlatCosineAnnealingSchedule: UniformSchedulePolicy {
    /// The fraction of training before annealing starts, in [0, 1].
    public let startPercent: Double
    /// Where the cosine ends.
    public let target: AnnealTarget

    /// A flat phase, then a cosine annealing to `target`.
    public init(startPercent: Double = 0.75, target: AnnealTarget) {
        self.startPercent = startPercent
        self.target = target
    }

    /// `base` before `round(total * startPercent)`, then
    /// `annealing_cos(base, target, (progress - start) / (total - start))`.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        let start = Int((Double(total) * startPercent).rounded(.toNearestOrEven))  // Python's round()
        let shifted = progress - start
        guard shifted >= 0 else { return base }
        return Annealing.cosine(base, target.target(base: base), Double(shifted) / Double(total - start))
    }
}

// MARK: - CosineRestart

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

// MARK: - Cyclic

/// MMCV's `cyclic` policy (iterations only): `cyclicTimes` cycles over the
/// run, each rising from `base` to `base * targetRatio.0` over the first
/// `stepRatioUp` of the cycle, then moving to `base * targetRatio.1`; with
/// `gamma < 1` every later cycle's swing shrinks by `gamma`.
public struct CyclicSchedule: UniformSchedulePolicy {
    /// The ratios to the base at the top and at the end of a cycle.
    public let targetRatio: (Double, Double)
    /// Cycles over the run.
    public let cyclicTimes: Int
    /// The fraction of a cycle spent on the first phase, in [0, 1).
    public let stepRatioUp: Double
    /// The curve of both phases.
    public let anneal: Annealing
    /// The factor by which each cycle's swing shrinks, in (0, 1].
    public let gamma: Double

    /// A cyclic schedule.
    public init(targetRatio: (Double, Double), cyclicTimes: Int = 1, stepRatioUp: Double = 0.4,
                anneal: Annealing = .cos, gamma: Double = 1) {
        self.targetRatio = targetRatio
        self.cyclicTimes = cyclicTimes
        self.stepRatioUp = stepRatioUp
        self.anneal = anneal
        self.gamma = gamma
    }

    /// Refuses a run too short for `cyclicTimes` cycles.
    public func bases(initial: [Double], maxIters: Int, total: Int) throws -> [Double] {
        guard maxIters / cyclicTimes > 0 else {
            throw ScheduleError.cyclesTooMany(cyclicTimes: cyclicTimes, maxIters: maxIters)
        }
        return initial
    }

    /// MMCV's `CyclicLrUpdaterHook.get_lr`, with `progress` the iteration
    /// and `total` the run's iterations.
    public func value(base: Double, progress: Int, total: Int) -> Double {
        let perCycle = total / cyclicTimes
        let up = Int(stepRatioUp * Double(perCycle))
        let position = progress % perCycle
        let scale = pow(gamma, Double(progress / perCycle))
        // MMCV scales the end of the first phase or the start of the
        // second, whichever phase begins at 0 (the first, unless up == 0).
        if 0 <= position && position < up {
            let end = 1 - scale + targetRatio.0 * scale
            return anneal(base * 1, base * end, Double(position) / Double(up))
        }
        let start = up == 0 ? targetRatio.0 : 1 - scale + targetRatio.0 * scale
        let end = up == 0 ? 1 - scale + targetRatio.1 * scale : targetRatio.1
        return anneal(base * start, base * end, Double(position - up) / Double(perCycle - up))
    }
}

// MARK: - OneCycle

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

// MARK: - OneCycleMomentum

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
