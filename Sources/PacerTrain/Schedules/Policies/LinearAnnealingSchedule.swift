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
