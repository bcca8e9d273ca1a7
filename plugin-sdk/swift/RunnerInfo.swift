import CPacer

/// The workflow mode the runner is in (`PACER_MODE_*`).
public enum RunnerMode: Sendable, Hashable {
    /// Outside any flow (`before_run`, `after_run`).
    case none
    /// A train flow.
    case train
    /// A val flow.
    case val
    /// A custom mode; its name is ``RunnerContext/modeName``.
    case other

    /// Maps the C value; values a future host adds read as ``other``.
    init(code: UInt32) {
        switch code {
        case PACER_MODE_NONE: self = .none
        case PACER_MODE_TRAIN: self = .train
        case PACER_MODE_VAL: self = .val
        default: self = .other
        }
    }
}

/// The runner's counters, with MMCV 1.x's values: 0-based, `iter` counts
/// finished train iterations (it grows after `after_train_iter`), `epoch`
/// counts finished train epochs, `innerIter` is the index in the current
/// epoch or flow.
public struct RunnerInfo: Sendable, Hashable {
    /// The current mode.
    public var mode: RunnerMode
    /// Finished train epochs (MMCV's `runner.epoch`).
    public var epoch: Int
    /// Finished train iterations (MMCV's `runner.iter`).
    public var iter: Int
    /// Index within the current epoch or flow (MMCV's `runner.inner_iter`).
    public var innerIter: Int
    /// The epoch budget; 0 for an iteration-based runner without one.
    public var maxEpochs: Int
    /// The iteration budget (MMCV's `runner.max_iters`).
    public var maxIters: Int
    /// Batches in the current data loader (MMCV's `len(runner.data_loader)`);
    /// 0 before the first epoch starts.
    public var itersPerEpoch: Int

    /// Creates a value, e.g. for tests.
    public init(mode: RunnerMode, epoch: Int, iter: Int, innerIter: Int,
                maxEpochs: Int, maxIters: Int, itersPerEpoch: Int) {
        self.mode = mode
        self.epoch = epoch
        self.iter = iter
        self.innerIter = innerIter
        self.maxEpochs = maxEpochs
        self.maxIters = maxIters
        self.itersPerEpoch = itersPerEpoch
    }

    /// Copies the C struct.
    init(_ raw: pacer_ctx_info) {
        self.init(mode: RunnerMode(code: raw.mode), epoch: Int(raw.epoch), iter: Int(raw.iter),
                  innerIter: Int(raw.inner_iter), maxEpochs: Int(raw.max_epochs),
                  maxIters: Int(raw.max_iters), itersPerEpoch: Int(raw.iters_per_epoch))
    }
}
