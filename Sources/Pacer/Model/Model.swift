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
