import Pacer

/// MMCV's LrUpdaterHook: sets every group's learning rate from a policy,
/// per epoch or per iteration, with optional warmup (always per iteration).
/// Base rates are the groups' `initialLR` (MMCV's `initial_lr`), which a
/// resumed run restores from its checkpoint.
public final class LRUpdaterHook: Hook {
    /// "<Policy>LrUpdaterHook", as MMCV names it.
    public let typeName: String
    /// "built-in".
    public let origin = "built-in"
    /// before_run, before_train_epoch, before_train_iter.
    public let stages: Set<HookStage> = [.beforeRun, .beforeTrainEpoch, .beforeTrainIter]
    private var updater: ScheduleUpdater

    /// An updater named after `policyName`. With `warmupByEpoch`, the
    /// warmup's `iterations` count epochs and are converted at the first
    /// train epoch.
    public init(policyName: String, policy: any LRPolicy, byEpoch: Bool, warmup: Warmup?, warmupByEpoch: Bool) {
        typeName = policyName + "LrUpdaterHook"
        updater = ScheduleUpdater(policy: policy, byEpoch: byEpoch, warmup: warmup,
                                  warmupEpochs: warmupByEpoch ? warmup?.iterations : nil, direction: .multiply)
    }

    /// The schedule.
    public var policy: any LRPolicy { updater.policy }
    /// Whether progress counts epochs (true) or iterations.
    public var byEpoch: Bool { updater.byEpoch }
    /// The warmup, if any (in iterations once the first train epoch started).
    public var warmup: Warmup? { updater.warmup }
    /// The base rate of each group, set at before_run.
    public var baseLR: [Double] { updater.bases }

    /// Runs the hook at `stage`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard let optimizer = runner.optimizer else { return }
        switch stage {
        case .beforeRun:
            try updater.start(initial: optimizer.paramGroups.map(\.initialLR), runner: runner)
        case .beforeTrainEpoch:
            if updater.beforeTrainEpoch(runner) { write(optimizer) }
        case .beforeTrainIter:
            if updater.beforeTrainIter(runner) { write(optimizer) }
        default:
            break
        }
    }

    private func write(_ optimizer: any Optimizer) {
        let count = min(updater.values.count, optimizer.paramGroups.count)
        for index in 0..<count { optimizer.paramGroups[index].lr = updater.values[index] }
    }
}
