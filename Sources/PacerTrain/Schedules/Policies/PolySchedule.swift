import Foundation

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
