import Foundation

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
