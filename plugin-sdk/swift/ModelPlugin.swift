/// A model written in Swift: what a config names in
/// `model=dict(type='SoftmaxRegression', num_classes=10)`.
///
/// A model owns its parameters and runs its forward *and* backward pass (no
/// autograd graph crosses the C ABI); the host owns the optimizer, which
/// updates every parameter's ``ModelTensor/data`` from the
/// ``ModelTensor/grad`` that ``trainStep(_:)`` left:
///
/// ```swift
/// final class Linear: ModelPlugin {
///     static let typeName = "Linear"
///     static let version = "1.0.0"
///     static let options: [PluginOption] = [.int("init_seed", default: 0, help: "seeds the initial weights")]
///     let weight = ModelTensor(name: "fc.weight", shape: [10, 784])
///     let bias = ModelTensor(name: "fc.bias", shape: [10])
///     var parameters: [ModelTensor] { [weight, bias] }
///     init(config: PluginConfig) throws {
///         var random = SeededRandom(seed: try config.int("init_seed", default: 0))
///         for i in weight.data.indices { weight.data[i] = random.uniform(in: -0.036...0.036) }
///     }
///     func trainStep(_ step: ModelStep) throws -> ModelStepResult { ... }   // fills weight.grad, bias.grad
///     func valStep(_ step: ModelStep) throws -> ModelStepResult { ... }
/// }
///
/// private let library = PluginLibraryDescription(models: [Linear.self])
/// ```
///
/// The host reads ``parameters`` and ``buffers`` once, right after
/// ``PacerPlugin/init(config:)``, and keeps their memory for the run: return
/// the same ``ModelTensor`` objects every time, created in `init`. The batch
/// (``ModelBatch``) is "img", float32 `[N, ...]` (pixels in [0, 1] from the
/// plain datasets, or what the config's pipeline leaves) and "gt_label",
/// `Int64` `[N]`; plugin-sdk/include/pacer/tensor.h documents every case.
///
/// Reproducibility: the host sets the config key `init_seed` to the run's
/// seed (unless the model's dict sets it); draw every initial value from
/// it (``SeededRandom``), and any randomness during training from it and
/// the host's counters (``RunnerContext/info``), so a resumed run ends
/// bit-identical to an uninterrupted one. State a resume needs belongs in
/// ``buffers``, which the host saves and restores with the parameters.
///
/// Rules as for ``HookPlugin``: a `final class`, runner thread only, throw
/// rather than trap, keep no ``ModelStep`` or ``ModelBatch`` beyond its call.
public protocol ModelPlugin: PacerPlugin {
    /// The trainable parameters, each with a gradient, in a fixed order;
    /// names unique among parameters and buffers (mmcls's `state_dict`
    /// keys, such as `"head.fc.weight"`). Read once after `init`.
    var parameters: [ModelTensor] { get }
    /// State saved in checkpoints but not trained (running means), without
    /// a gradient; `[]` by default. Read once after `init`.
    var buffers: [ModelTensor] { get }
    /// `train_step`: forward and backward over `step.batch`. Overwrite every
    /// parameter's gradient with the gradient of the batch's mean loss, and
    /// return that loss and the sample count.
    func trainStep(_ step: ModelStep) throws -> ModelStepResult
    /// `val_step`: forward only, in evaluation behaviour; gradients and
    /// buffers untouched. Report metrics with ``ModelStep/report(_:_:)`` and
    /// write class scores into ``ModelStep/scores`` when the host gives room.
    func valStep(_ step: ModelStep) throws -> ModelStepResult
    /// `save_state`: extra checkpoint state beyond parameters and buffers.
    /// Stores nothing by default. The host saves it under `model_state.` in
    /// every checkpoint.
    func saveState(_ writer: StateWriter) throws
    /// `load_state`: reads what ``saveState(_:)`` stored, keeping defaults
    /// for missing keys; called on resume (not for `load_from`). Reads
    /// nothing by default.
    func loadState(_ reader: StateReader) throws
}

extension ModelPlugin {
    /// `[]`: no buffers.
    public var buffers: [ModelTensor] { [] }
    /// Stores nothing.
    public func saveState(_ writer: StateWriter) throws {}
    /// Reads nothing.
    public func loadState(_ reader: StateReader) throws {}
}

/// What a model's step returns: `pacer_step_output`.
public struct ModelStepResult: Sendable, Equatable {
    /// The batch's mean loss.
    public var loss: Double
    /// The samples in the batch: the step's weight in logged averages.
    public var numSamples: Int
    /// Floats written per sample into ``ModelStep/scores`` (the number of
    /// classes), or 0 when none were written.
    public var scoreCount: Int

    /// A result of `loss` over `numSamples` samples, with `scoreCount`
    /// class scores written per sample.
    public init(loss: Double, numSamples: Int, scoreCount: Int = 0) {
        self.loss = loss
        self.numSamples = numSamples
        self.scoreCount = scoreCount
    }
}
