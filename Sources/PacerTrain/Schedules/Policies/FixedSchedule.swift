/// MMCV's `fixed` policy: the base value throughout.
public struct FixedSchedule: UniformSchedulePolicy {
    /// The policy.
    public init() {}

    /// `base`.
    public func value(base: Double, progress: Int, total: Int) -> Double { base }
}

/// The `fixed` LR policy.
public typealias FixedLR = FixedSchedule
