import Foundation

/// A learning-rate schedule: the regular (un-warmed) rate for a base rate at
/// a point of training, MMCV's `get_lr(runner, base_lr)`.
public protocol LRPolicy: Sendable {
    /// The rate for `base` at `progress` of `total` (epochs when the
    /// updater is by epoch, else iterations).
    func lr(base: Double, progress: Int, total: Int) -> Double
}

/// MMCV's `fixed` policy: the base rate throughout.
public struct FixedLR: LRPolicy {
    /// The policy.
    public init() {}

    /// `base`.
    public func lr(base: Double, progress: Int, total: Int) -> Double { base }
}

/// MMCV's `step` policy: multiply by `gamma` at each step boundary, never
/// below `minLR`.
public struct StepLR: LRPolicy {
    /// Decay points: every `n` units when one value, else the listed units.
    public enum Steps: Sendable, Equatable {
        /// Decay every `n` epochs or iterations.
        case every(Int)
        /// Decay at each listed epoch or iteration.
        case at([Int])
    }

    /// Where the rate decays.
    public let steps: Steps
    /// The factor per decay.
    public let gamma: Double
    /// A floor, if any.
    public let minLR: Double?

    /// A step policy.
    public init(steps: Steps, gamma: Double = 0.1, minLR: Double? = nil) {
        self.steps = steps
        self.gamma = gamma
        self.minLR = minLR
    }

    /// `base * gamma ** decays`, floored at `minLR`.
    public func lr(base: Double, progress: Int, total: Int) -> Double {
        let decays: Int
        switch steps {
        case .every(let n): decays = progress / n
        case .at(let points): decays = points.firstIndex(where: { progress < $0 }) ?? points.count
        }
        let rate = base * pow(gamma, Double(decays))
        return minLR.map { max(rate, $0) } ?? rate
    }
}
