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
