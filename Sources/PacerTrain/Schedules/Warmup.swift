import Foundation

/// MMCV's warmup: for the first `iterations` iterations the regular value
/// is scaled. A learning rate starts at `ratio` of its regular value and is
/// multiplied; a momentum is divided by the same factor, so it starts at
/// `1 / ratio` of its regular value (MMCV's `MomentumUpdaterHook`).
public struct Warmup: Sendable, Equatable {
    /// The warmup curve.
    public enum Kind: String, Sendable {
        /// `regular * ratio`.
        case constant
        /// From `regular * ratio` up to `regular`, linearly.
        case linear
        /// From `regular * ratio` up to `regular`, exponentially.
        case exp
    }

    /// The curve.
    public let kind: Kind
    /// Iterations of warmup (epochs converted by the updater when
    /// `warmup_by_epoch`).
    public var iterations: Int
    /// The starting fraction, in (0, 1].
    public let ratio: Double

    /// A warmup of `kind` over `iterations` starting at `ratio`.
    public init(kind: Kind, iterations: Int, ratio: Double) {
        self.kind = kind
        self.iterations = iterations
        self.ratio = ratio
    }

    /// The warmed rate at iteration `iter` for a regular rate `regular`.
    public func lr(regular: Double, iter: Int) -> Double {
        let progress = Double(iter) / Double(iterations)
        switch kind {
        case .constant: return regular * ratio
        case .linear: return regular * (1 - (1 - progress) * (1 - ratio))
        case .exp: return regular * pow(ratio, 1 - progress)
        }
    }

    /// The warmed momentum at iteration `iter` for a regular momentum
    /// `regular`: MMCV divides where the LR warmup multiplies.
    public func momentum(regular: Double, iter: Int) -> Double {
        let progress = Double(iter) / Double(iterations)
        switch kind {
        case .constant: return regular / ratio
        case .linear: return regular / (1 - (1 - progress) * (1 - ratio))
        case .exp: return regular / pow(ratio, 1 - progress)
        }
    }
}
