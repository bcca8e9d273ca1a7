import Foundation

/// MMCV's LR warmup: for the first `iterations` iterations the regular rate
/// is scaled, starting at `ratio` of it.
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
}
