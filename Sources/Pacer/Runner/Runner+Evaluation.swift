extension Runner {
    /// One val step of the model for an evaluation hook (MMCV's EvalHook
    /// runs the model outside the runner's loop): `outputs` holds the
    /// step's variables afterwards, "loss" first, and nothing is fed to
    /// the log buffer. The counters and `mode` are unchanged.
    public func evaluationStep(_ batch: Batch) throws -> StepResult {
        outputs.begin()
        let result: StepResult
        do {
            result = try model.valStep(batch, runner: self)
        } catch {
            throw RunnerError.stepFailed(model: model.typeName, origin: model.origin, mode: "val", message: "\(error)")
        }
        outputs.put("loss", result.loss)
        outputs.numSamples = result.numSamples
        return result
    }
}
