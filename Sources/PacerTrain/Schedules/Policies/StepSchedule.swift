import Foundation

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
