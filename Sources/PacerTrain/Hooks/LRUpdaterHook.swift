import Pacer

/// MMCV's LrUpdaterHook: sets every group's learning rate from a policy,
/// per epoch or per iteration, with optional warmup (always per iteration).
public final class LRUpdaterHook: Hook {
    /// "<Policy>LrUpdaterHook", as MMCV names it.
    public let typeName: String
    /// "built-in".
    public let origin = "built-in"
    /// before_run, before_train_epoch, before_train_iter.
    public let stages: Set<HookStage> = [.beforeRun, .beforeTrainEpoch, .beforeTrainIter]
    /// The schedule.
    public let policy: any LRPolicy
    /// Whether progress counts epochs (true) or iterations.
    public let byEpoch: Bool
    /// The warmup, if any.
    public private(set) var warmup: Warmup?
    private let warmupEpochs: Int?
    private var baseLR: [Double] = []
    private var regularLR: [Double] = []

    /// An updater named after `policyName`. With `warmupByEpoch`, the
    /// warmup's `iterations` count epochs and are converted at the first
    /// train epoch.
    public init(policyName: String, policy: any LRPolicy, byEpoch: Bool, warmup: Warmup?, warmupByEpoch: Bool) {
        typeName = policyName + "LrUpdaterHook"
        self.policy = policy
        self.byEpoch = byEpoch
        self.warmup = warmup
        warmupEpochs = warmupByEpoch ? warmup?.iterations : nil
    }

    /// Runs the hook at `stage`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard let optimizer = runner.optimizer else { return }
        switch stage {
        case .beforeRun:
            baseLR = optimizer.paramGroups.map(\.initialLR)
        case .beforeTrainEpoch:
            if let epochs = warmupEpochs, warmup != nil { warmup!.iterations = epochs * runner.itersPerEpoch }
            if byEpoch {
                regularLR = regular(runner)
                set(regularLR, on: optimizer)
            }
        case .beforeTrainIter:
            beforeTrainIter(runner, optimizer)
        default:
            break
        }
    }

    private func beforeTrainIter(_ runner: Runner, _ optimizer: any Optimizer) {
        let iter = runner.iter
        if !byEpoch {
            regularLR = regular(runner)
            guard let warmup, iter < warmup.iterations else { return set(regularLR, on: optimizer) }
            set(regularLR.map { warmup.lr(regular: $0, iter: iter) }, on: optimizer)
        } else if let warmup, iter <= warmup.iterations {
            if iter == warmup.iterations {
                set(regularLR, on: optimizer)
            } else {
                set(regularLR.map { warmup.lr(regular: $0, iter: iter) }, on: optimizer)
            }
        }
    }

    private func regular(_ runner: Runner) -> [Double] {
        let progress = byEpoch ? runner.epoch : runner.iter
        let total = byEpoch ? runner.maxEpochs : runner.maxIters
        return baseLR.map { policy.lr(base: $0, progress: progress, total: total) }
    }

    private func set(_ rates: [Double], on optimizer: any Optimizer) {
        for (index, rate) in rates.enumerated() where index < optimizer.paramGroups.count {
            optimizer.paramGroups[index].lr = rate
        }
    }
}
