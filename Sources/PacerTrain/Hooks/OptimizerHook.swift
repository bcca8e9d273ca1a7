import Pacer

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
        try optimizer.step()
    }
}
