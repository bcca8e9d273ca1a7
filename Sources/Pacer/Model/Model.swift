/// A trainable model: parameters with gradients, and a train and a val
/// step. A train step runs forward and backward and fills every gradient;
/// the runner's optimizer hook then updates the parameters.
public protocol Model: AnyObject {
    /// The registry name the config used (`"MLPClassifier"`).
    var typeName: String { get }
    /// Where the model comes from: `"built-in"` or the plugin file's path.
    /// Errors from its steps name it.
    var origin: String { get }
    /// The trained parameters, in a fixed order.
    var parameters: [Parameter] { get }
    /// State saved in checkpoints but not trained.
    var buffers: [Parameter] { get }
    /// Forward and backward over `batch`; reports extra log variables into
    /// `runner.outputs` and returns the loss and sample count.
    func trainStep(_ batch: Batch, runner: Runner) throws -> StepResult
    /// Forward only; reports metrics such as accuracy into `runner.outputs`.
    func valStep(_ batch: Batch, runner: Runner) throws -> StepResult
}

/// A model with state beyond its parameters and buffers (a random
/// stream, a step counter): saved in every checkpoint and restored on
/// resume, as a stateful hook's is. `load_from` does not restore it: that
/// loads weights, not a run.
public protocol StatefulModel: Model {
    /// Adds the model's extra state to `state`, under keys starting with `prefix`.
    func saveState(into state: StateDict, prefix: String) throws
    /// Restores from `state`; keys that are absent keep their defaults.
    func loadState(from state: StateDict, prefix: String) throws
}

extension Model {
    /// `"built-in"`: a model written in Swift and registered in the program.
    public var origin: String { "built-in" }
}

/// What a step returns.
public struct StepResult: Sendable {
    /// The batch's mean loss.
    public var loss: Double
    /// Samples in the batch.
    public var numSamples: Int

    /// A result of `loss` over `numSamples` samples.
    public init(loss: Double, numSamples: Int) {
        self.loss = loss
        self.numSamples = numSamples
    }
}
