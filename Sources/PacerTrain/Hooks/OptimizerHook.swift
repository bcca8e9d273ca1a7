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
        var accumulated = 0.0
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            for i in 0..<parameter.count {
                let magnitude = Double(abs(grad[i]))
                accumulated = normType.isInfinite ? max(accumulated, magnitude) : accumulated + pow(magnitude, normType)
            }
        }
        let norm = normType.isInfinite ? accumulated : pow(accumulated, 1 / normType)
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            for parameter in parameters {
                guard let grad = parameter.grad else { continue }
                for i in 0..<parameter.count { grad[i] *= Float(coefficient) }
            }
        }
        return norm
    }
}

/// MMCV's OptimizerHook: after each train iteration, optional gradient
/// clipping (logging `grad_norm`), then one optimizer step on the
/// gradients the model's train step filled.
public final class OptimizerHook: Hook {
    /// "OptimizerHook".
    public let typeName = "OptimizerHook"
    /// "built-in".
    public let origin = "built-in"
    /// after_train_iter.
    public let stages: Set<HookStage> = [.afterTrainIter]
    /// Clipping, if configured.
    public let gradClip: GradClip?

    /// The hook, clipping with `gradClip` when given.
    public init(gradClip: GradClip?) { self.gradClip = gradClip }

    /// Clips, then steps the runner's optimizer.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard let optimizer = runner.optimizer else { return }
        if let gradClip {
            let norm = gradClip.clip(runner.model.parameters)
            runner.logBuffer.update("grad_norm", norm, count: runner.outputs.numSamples)
        }
        optimizer.step()
    }
}
