/// One parameter group: the parameters it updates and its hyper-parameters,
/// which LR and momentum hooks change as training goes.
public struct ParamGroup: Sendable {
    /// Indices into the model's `parameters`.
    public var parameterIndices: [Int]
    /// Current learning rate.
    public var lr: Double
    /// The learning rate schedules start from (MMCV's `initial_lr`).
    public var initialLR: Double
    /// Current momentum (or beta1), 0 when the optimizer has none.
    public var momentum: Double
    /// L2 penalty added to gradients.
    public var weightDecay: Double

    /// A group over `parameterIndices`.
    public init(parameterIndices: [Int], lr: Double, momentum: Double, weightDecay: Double) {
        self.parameterIndices = parameterIndices
        self.lr = lr
        self.initialLR = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
    }
}

/// Updates a model's parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// The registry name (`"SGD"`).
    var typeName: String { get }
    /// Parameter groups, whose `lr` and `momentum` hooks may change.
    var paramGroups: [ParamGroup] { get set }
    /// One update of every parameter from its gradient. A plugin optimizer
    /// may fail; the built-in ones never do.
    func step() throws
    /// Steps taken so far. Saved in checkpoints and restored on resume, so a
    /// resumed optimizer continues exactly (SGD's first step seeds its
    /// momentum buffers; Adam's bias correction counts steps).
    var stepCount: Int { get set }
    /// State tensors for checkpoints (momentum buffers, moment estimates),
    /// as views a checkpoint copies from on save and into on resume.
    var state: [Parameter] { get }
}

/// An optimizer whose state is not a list of tensors the checkpoint copies
/// (a plugin optimizer): it writes and reads its own entries.
public protocol StatefulOptimizer: Optimizer {
    /// Adds the optimizer's state to `state`, under keys starting with `prefix`.
    func saveState(into state: StateDict, prefix: String) throws
    /// Restores from `state`; keys that are absent keep their defaults.
    func loadState(from state: StateDict, prefix: String) throws
}
