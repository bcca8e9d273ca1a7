import Foundation

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
