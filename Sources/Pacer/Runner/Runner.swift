/// MMCV's BaseRunner: the state every hook sees (epoch, iter, inner_iter,
/// mode, outputs, log buffer), the ordered hook list, and the workflow
/// checks. Subclasses implement the loop in `run(_:workflow:)`.
///
/// A runner is used from one thread, and its loop reads and writes the
/// counters on every iteration, so they skip Swift's dynamic exclusivity
/// checks (`@exclusivity(unchecked)`); nothing takes `inout` access to them.
open class Runner {
    /// The model being trained.
    public let model: any Model
    /// The optimizer, if any.
    public let optimizer: (any Optimizer)?
    /// Absolute path of the work directory (logs, checkpoints).
    public let workDir: String
    /// When the runner was made, `YYYYmmdd_HHMMSS`; names the log files.
    public let timestamp: String

    // The counters are settable so that custom runners (subclasses in other
    // modules) can drive them as the built-in runners do; hooks only read.

    /// Finished train epochs (MMCV's `runner.epoch`).
    @exclusivity(unchecked) public var epoch = 0
    /// Finished train iterations (MMCV's `runner.iter`).
    @exclusivity(unchecked) public var iter = 0
    /// Index within the current epoch or flow (MMCV's `runner.inner_iter`).
    @exclusivity(unchecked) public var innerIter = 0
    /// The epoch budget; 0 for iteration-based runners.
    @exclusivity(unchecked) public var maxEpochs: Int
    /// The iteration budget (derived from epochs for epoch-based runners).
    @exclusivity(unchecked) public var maxIters: Int
    /// The current mode ("train", "val", ...), nil before the first flow.
    @exclusivity(unchecked) public var mode: String?
    /// Batches per epoch of the loader of the current mode.
    @exclusivity(unchecked) public var itersPerEpoch = 0

    /// MMCV's `runner.log_buffer`.
    public let logBuffer = LogBuffer()
    /// The last step's outputs.
    public let outputs = StepOutputs()
    /// Registered hooks in call order.
    public private(set) var hooks = HookList()
    /// The per-stage call lists built from `hooks`.
    private let dispatch = HookDispatch()
    /// Set by `requestStop(reason:)`; the loop ends after the current iteration.
    @exclusivity(unchecked) public private(set) var stopReason: String?
    /// Where each hook's and model step's wall time is added
    /// (`--profile-hooks`), or nil (the default) to measure nothing. Set
    /// it before `run`.
    @exclusivity(unchecked) public var hookProfile: HookProfile?
    /// Where a resumed run picks up inside an epoch or flow; consumed by the
    /// next `run`. Nil for a fresh run or one resumed at an epoch boundary.
    public var resumePoint: ResumePoint?
    /// The processes of a distributed run, or nil for a single process.
    /// With more than one rank, every train step's gradients, loss and
    /// reported variables are averaged across ranks before after_train_iter.
    public var communicator: (any Communicator)? {
        didSet {
            averager = communicator.flatMap { $0.worldSize > 1 ? GradientAverager(communicator: $0) : nil }
        }
    }
    private var averager: GradientAverager?

    /// This process's rank (0 without a communicator).
    public var rank: Int { communicator?.rank ?? 0 }
    /// Number of processes in the run (1 without a communicator).
    public var worldSize: Int { communicator?.worldSize ?? 1 }

    /// A runner over `model` and `optimizer` with the given budget.
    public required init(model: any Model, optimizer: (any Optimizer)?, workDir: String, timestamp: String,
                maxEpochs: Int = 0, maxIters: Int = 0) {
        self.model = model
        self.optimizer = optimizer
        self.workDir = workDir
        self.timestamp = timestamp
        self.maxEpochs = maxEpochs
        self.maxIters = maxIters
    }

    /// The modes this runner can run in a workflow.
    open var modes: [String] { ["train", "val"] }

    /// Runs the workflow over `loaders` (paired with flows by position).
    open func run(_ loaders: [any DataLoader], workflow: [Flow]) throws {
        throw RunnerError.runNotImplemented(String(describing: type(of: self)))
    }

    /// Registers `hook` at `priority`, after hooks of equal priority.
    public func registerHook(_ hook: any Hook, priority: Priority = .normal) {
        hooks.register(hook, priority: priority)
        dispatch.rebuild(self)
    }

    /// Calls every hook implementing `stage`, in order: a plugin hook's C
    /// function directly, any other hook through `Hook.call`. A failure is
    /// a `RunnerError` naming the hook and the stage.
    public func callHook(_ stage: HookStage) throws {
        try dispatch.call(stage, runner: self)
    }

    /// Asks the loop to end after the current iteration (early stopping).
    public func requestStop(reason: String) {
        if stopReason == nil { stopReason = reason }
    }

    /// Checks a workflow before anything runs: it must train, pair with the
    /// loaders, and use modes this runner has.
    public func validate(_ loaders: [any DataLoader], workflow: [Flow]) throws {
        guard workflow.count == loaders.count else {
            throw RunnerError.loaderCountMismatch(flows: workflow.count, loaders: loaders.count)
        }
        for flow in workflow {
            guard modes.contains(flow.mode) else { throw RunnerError.unknownMode(flow.mode, known: modes) }
            guard flow.count >= 0 else { throw RunnerError.negativeFlowCount(flow) }
        }
        guard let train = workflow.firstIndex(where: { $0.mode == "train" && $0.count > 0 }) else {
            throw RunnerError.workflowWithoutTrain
        }
        guard loaders[train].count > 0 else { throw RunnerError.emptyTrainLoader }
        if let resumePoint { try check(resumePoint, loaders: loaders, train: train) }
    }

    /// Checks that a resume point lies inside this run's data: the next
    /// train batch within the train loader's epoch (and, for an
    /// EpochBasedRunner, no more iterations than the epochs so far hold),
    /// one stream per loader, each inside its loader's epoch.
    private func check(_ point: ResumePoint, loaders: [any DataLoader], train: Int) throws {
        func invalid(_ detail: String) -> RunnerError { .invalidResumePoint(source: point.source, detail: detail) }
        let perEpoch = loaders[train].count
        guard (0...perEpoch).contains(point.innerIter) else {
            throw invalid("inner_iter \(point.innerIter) is outside 0...\(perEpoch), the train loader's batches per epoch")
        }
        let reachable = epoch.multipliedReportingOverflow(by: perEpoch)
        guard epoch >= 0, iter >= 0, !(self is EpochBasedRunner)
                || (!reachable.overflow && iter <= reachable.partialValue + point.innerIter)
        else {
            throw invalid("iter \(iter) cannot follow epoch \(epoch) and inner_iter \(point.innerIter) "
                          + "at \(perEpoch) batches per epoch")
        }
        guard point.streams.isEmpty || point.streams.count == loaders.count else {
            throw invalid("it holds \(point.streams.count) stream position(s), the workflow has \(loaders.count) flow(s)")
        }
        for (index, (stream, loader)) in zip(point.streams, loaders).enumerated() {
            guard stream.epoch >= 0, (0...loader.count).contains(stream.position) else {
                throw invalid("stream \(index) position (\(stream.epoch), \(stream.position)) is outside "
                              + "0...\(loader.count), that flow's batches per epoch")
            }
        }
    }

    /// Runs one step of the model in `mode` and feeds its outputs to the log
    /// buffer (MMCV's `run_iter`).
    public func runStep(_ batch: Batch, train: Bool) throws {
        outputs.begin()
        var result: StepResult
        do {
            if let hookProfile {
                result = try hookProfile.measure(model.typeName, stage: train ? "train_step" : "val_step") {
                    try modelStep(batch, train: train)
                }
            } else {
                result = try modelStep(batch, train: train)
            }
        } catch {
            throw RunnerError.stepFailed(model: model.typeName, origin: model.origin, mode: train ? "train" : "val",
                                         message: "\(error)")
        }
        if train, let averager {
            do {
                try averager.average(model.parameters, loss: &result.loss, outputs: outputs, profile: hookProfile)
            } catch {
                throw RunnerError.communicationFailed(message: "\(error)")
            }
        }
        outputs.end(loss: result.loss, numSamples: result.numSamples, into: logBuffer)
    }

    /// The model's train or val step over `batch`.
    @inline(__always)
    private func modelStep(_ batch: Batch, train: Bool) throws -> StepResult {
        train ? try model.trainStep(batch, runner: self) : try model.valStep(batch, runner: self)
    }

    /// Fetches a batch, reporting loader errors as runner errors.
    func fetch(_ fetch: () throws -> Batch) throws -> Batch {
        do { return try fetch() } catch { throw RunnerError.dataFailed(message: "\(error)") }
    }

    /// Learning rate of each parameter group (empty without an optimizer).
    public var currentLR: [Double] { optimizer?.paramGroups.map(\.lr) ?? [] }

    /// Momentum (or beta1) of each parameter group.
    public var currentMomentum: [Double] { optimizer?.paramGroups.map(\.momentum) ?? [] }
}
