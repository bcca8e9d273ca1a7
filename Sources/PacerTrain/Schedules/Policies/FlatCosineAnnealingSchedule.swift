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
