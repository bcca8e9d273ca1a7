import Pacer

/// What MMCV's `LrUpdaterHook` and `MomentumUpdaterHook` share: base values
/// at `before_run`, regular values per epoch or per iteration, and warmup
/// (always per iteration, even when the schedule counts epochs: it scales
/// the current epoch's regular value). The hooks differ only in what they
/// write and in which way warmup bends the value.
///
/// Buffers are sized at `before_run` and reused: no iteration allocates.
struct ScheduleUpdater {
    /// Which way warmup bends a value.
    enum WarmupDirection {
        /// Learning rates: `regular * factor`.
        case multiply
        /// Momentum: `regular / factor`.
        case divide
    }

    let policy: any SchedulePolicy
    let byEpoch: Bool
    private(set) var warmup: Warmup?
    let direction: WarmupDirection
    /// `warmup_by_epoch`: warmup epochs, turned into iterations at the first train epoch.
    private var pendingWarmupEpochs: Int?
    private(set) var bases: [Double] = []
    private var regular: [Double] = []
    /// The values the hook writes after a `true` return.
    private(set) var values: [Double] = []

    /// The epoch `regular` was computed for (by-epoch schedules).
    private var regularEpoch: Int?

    init(policy: any SchedulePolicy, byEpoch: Bool, warmup: Warmup?, warmupEpochs: Int?,
         direction: WarmupDirection) {
        self.policy = policy
        self.byEpoch = byEpoch
        self.warmup = warmup
        self.direction = direction
        pendingWarmupEpochs = warmup == nil ? nil : warmupEpochs
    }

    /// `before_run`: the base values from the groups' initial values.
    mutating func start(initial: [Double], runner: Runner) throws {
        let total = byEpoch ? runner.maxEpochs : runner.maxIters
        bases = try policy.bases(initial: initial, maxIters: runner.maxIters, total: total)
        regular = bases.map { $0 }  // own buffers, so no write below copies
        values = bases.map { $0 }
    }

    /// `before_train_epoch`: resolves epoch-counted warmup; by epoch,
    /// computes the epoch's regular values. True when `values` must be set.
    mutating func beforeTrainEpoch(_ runner: Runner) -> Bool {
        resolveWarmupEpochs(runner)
        guard byEpoch else { return false }
        computeRegular(runner)
        copyRegular()
        return true
    }

    /// `before_train_iter`. True when `values` must be set.
    /// IterBasedRunner never calls before_train_epoch, and a run resumed
    /// inside an epoch skips it: both resolve their warmup length and the
    /// epoch's regular values here, at the first iteration that needs them.
    mutating func beforeTrainIter(_ runner: Runner) -> Bool {
        resolveWarmupEpochs(runner)
        let iter = runner.iter
        if byEpoch && regularEpoch != runner.epoch { computeRegular(runner) }
        if !byEpoch {
            computeRegular(runner)
            if let warmup, iter < warmup.iterations { warm(warmup, iter) } else { copyRegular() }
            return true
        }
        guard let warmup, iter <= warmup.iterations else { return false }
        if iter == warmup.iterations { copyRegular() } else { warm(warmup, iter) }
        return true
    }

    /// Converts `warmup_by_epoch` epochs to iterations once the loader's
    /// length is known.
    private mutating func resolveWarmupEpochs(_ runner: Runner) {
        guard let epochs = pendingWarmupEpochs, runner.itersPerEpoch > 0 else { return }
        warmup?.iterations = epochs * runner.itersPerEpoch
        pendingWarmupEpochs = nil
    }

    private mutating func computeRegular(_ runner: Runner) {
        regularEpoch = runner.epoch
        let progress = byEpoch ? runner.epoch : runner.iter
        let total = byEpoch ? runner.maxEpochs : runner.maxIters
        for group in bases.indices {
            regular[group] = policy.value(group: group, base: bases[group], progress: progress, total: total)
        }
    }

    private mutating func copyRegular() {
        for group in regular.indices { values[group] = regular[group] }
    }

    private mutating func warm(_ warmup: Warmup, _ iter: Int) {
        for group in regular.indices {
            values[group] = direction == .multiply
                ? warmup.lr(regular: regular[group], iter: iter)
                : warmup.momentum(regular: regular[group], iter: iter)
        }
    }
}
