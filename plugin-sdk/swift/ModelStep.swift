import CPacer

/// One call of a ``ModelPlugin``'s ``ModelPlugin/trainStep(_:)`` or
/// ``ModelPlugin/valStep(_:)``: the batch, the runner, and (in a val step)
/// room for class scores. Valid only during that call.
public struct ModelStep {
    /// The host's batch.
    public let batch: ModelBatch
    /// The runner: counters (``RunnerContext/info``), learning rates, log.
    public let runner: RunnerContext
    /// Room for each sample's class scores, as mmcls's `simple_test` returns
    /// them (softmax probabilities for a classifier): `N` rows of
    /// ``scoreCapacity`` floats. Nil when the host wants none (training, the
    /// evaluation hook); then write nothing. Set
    /// ``ModelStepResult/scoreCount`` to the floats written per row.
    public let scores: UnsafeMutableBufferPointer<Float>?
    /// Floats per sample that ``scores`` has room for; 0 without room.
    public let scoreCapacity: Int

    init(batch: ModelBatch, runner: RunnerContext, scores: UnsafeMutableBufferPointer<Float>?, scoreCapacity: Int) {
        self.batch = batch
        self.runner = runner
        self.scores = scores
        self.scoreCapacity = scoreCapacity
    }

    /// Reports a log variable of this step (`"accuracy"`), averaged by the
    /// host over the logging interval like the loss (`ctx_output_put`).
    public func report(_ key: String, _ value: Double) throws {
        let status = key.withCString { runner.api.pointee.ctx_output_put!(runner.handle, $0, value) }
        guard status == PACER_OK else {
            throw PluginFailure("the host refused the step output '\(key)' (status \(status))",
                                status: PluginStatus(rawValue: status))
        }
    }
}
