import Foundation
import Pacer

/// Gradient clipping by total norm, as PyTorch's `clip_grad_norm_`.
public struct GradClip: Sendable, Equatable {
    /// The largest total norm allowed.
    public let maxNorm: Double
    /// The p of the p-norm (`.infinity` for the max norm).
    public let normType: Double

    /// Clipping to `maxNorm` in the `normType`-norm.
    public init(maxNorm: Double, normType: Double) {
        self.maxNorm = maxNorm
        self.normType = normType
    }

    /// Scales every gradient so their joint norm is at most `maxNorm`;
    /// returns the norm before clipping.
    func clip(_ parameters: [Parameter]) -> Double {
        let norm = totalNorm(parameters)
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let scale = Float(coefficient)
            for parameter in parameters {
                guard let grad = parameter.grad else { continue }
                for i in 0..<parameter.count { grad[i] *= scale }
            }
        }
        return norm
    }

    /// The joint `normType`-norm of every gradient, accumulated in double.
    func totalNorm(_ parameters: [Parameter]) -> Double {
        var accumulated = 0.0
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            let count = parameter.count
            if normType.isInfinite {
                for i in 0..<count { accumulated = max(accumulated, Double(abs(grad[i]))) }
            } else if normType == 2 {
                for i in 0..<count { accumulated += Double(grad[i]) * Double(grad[i]) }
            } else if normType == 1 {
                for i in 0..<count { accumulated += Double(abs(grad[i])) }
            } else {
                for i in 0..<count { accumulated += pow(Double(abs(grad[i])), normType) }
            }
        }
        if normType.isInfinite || normType == 1 { return accumulated }
        return normType == 2 ? accumulated.squareRoot() : pow(accumulated, 1 / normType)
    }
}
