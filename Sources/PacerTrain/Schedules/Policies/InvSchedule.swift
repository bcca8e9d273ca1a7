import Foundation

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
