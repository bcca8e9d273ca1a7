import Foundation

/// How a value moves between two ends: MMCV's `annealing_cos` and
/// `annealing_linear`, in Python's order of operations.
public enum Annealing: String, Sendable, Equatable {
    /// Half a cosine: `end + 0.5 * weight * (start - end) * (cos(pi * factor) + 1)`.
    case cos
    /// A straight line: `start + (end - start) * factor`.
    case linear

    /// The value at `factor` (0 at `start`, 1 at `end`).
    public func callAsFunction(_ start: Double, _ end: Double, _ factor: Double) -> Double {
        switch self {
        case .cos: return Self.cosine(start, end, factor)
        case .linear: return start + (end - start) * factor
        }
    }

    /// MMCV's `annealing_cos(start, end, factor, weight)`: from
    /// `weight * start + (1 - weight) * end` down to `end`.
    public static func cosine(_ start: Double, _ end: Double, _ factor: Double, weight: Double = 1) -> Double {
        let cosOut = Foundation.cos(Double.pi * factor) + 1
        return end + 0.5 * weight * (start - end) * cosOut
    }
}

/// Where an annealing schedule ends: MMCV's `min_lr` (an absolute value)
/// or `min_lr_ratio` (a fraction of the base), exactly one of them.
public enum AnnealTarget: Sendable, Equatable {
    /// `min_lr` / `min_momentum`.
    case value(Double)
    /// `min_lr_ratio` / `min_momentum_ratio`.
    case ratio(Double)

    /// The end value for `base`.
    public func target(base: Double) -> Double {
        switch self {
        case .value(let value): return value
        case .ratio(let ratio): return base * ratio
        }
    }
}
