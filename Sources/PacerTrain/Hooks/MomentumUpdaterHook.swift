import Pacer

/// MMCV's MomentumUpdaterHook: sets every group's momentum (beta1 for Adam)
/// from a policy, per epoch or per iteration, with MMCV's warmup, which
/// divides the regular momentum by the LR warmup's factor (so momentum
/// starts above its regular value).
///
/// The base momentum of each group is the group's momentum at the first
/// `before_run`; it is saved with the hook's state, so a resumed run (whose
/// groups hold the scheduled momentum of the moment it stopped) keeps the
/// bases of the original run, as MMCV's `initial_momentum` does.
public final class MomentumUpdaterHook: StatefulHook {
    /// "<Policy>MomentumUpdaterHook", as MMCV names it.
    public let typeName: String
    /// "built-in".
    public let origin = "built-in"
    /// before_run, before_train_epoch, before_train_iter.
    public let stages: Set<HookStage> = [.beforeRun, .beforeTrainEpoch, .beforeTrainIter]
    private var updater: ScheduleUpdater
    private var restoredBases: [Double]?

    /// An updater named after `policyName`; warmup counts iterations.
    public init(policyName: String, policy: any SchedulePolicy, byEpoch: Bool, warmup: Warmup?) {
        typeName = policyName + "MomentumUpdaterHook"
        updater = ScheduleUpdater(policy: policy, byEpoch: byEpoch, warmup: warmup, warmupEpochs: nil,
                                  direction: .divide)
    }

    /// The schedule.
    public var policy: any SchedulePolicy { updater.policy }
    /// Whether progress counts epochs (true) or iterations.
    public var byEpoch: Bool { updater.byEpoch }
    /// The warmup, if any.
    public var warmup: Warmup? { updater.warmup }
    /// The base momentum of each group, set at before_run.
    public var baseMomentum: [Double] { updater.bases }

    /// Runs the hook at `stage`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard let optimizer = runner.optimizer else { return }
        switch stage {
        case .beforeRun:
            let current = optimizer.paramGroups.map(\.momentum)
            initialMomentum = restoredBases.flatMap { $0.count == current.count ? $0 : nil } ?? current
            try updater.start(initial: initialMomentum, runner: runner)
        case .beforeTrainEpoch:
            if updater.beforeTrainEpoch(runner) { write(optimizer) }
        case .beforeTrainIter:
            if updater.beforeTrainIter(runner) { write(optimizer) }
        default:
            break
        }
    }

    /// Saves the groups' initial momentum under `initial_momentum`.
    public func saveState(into state: StateDict, prefix: String) throws {
        guard !initialMomentum.isEmpty else { return }
        state.put(prefix + Self.initialKey, DoubleState.tensor(initialMomentum))
    }

    /// Restores the groups' initial momentum, if saved.
    public func loadState(from state: StateDict, prefix: String) throws {
        restoredBases = state.get(prefix + Self.initialKey).flatMap(DoubleState.values)
    }

    /// The momentum each group had when the run first started (what MMCV
    /// keeps as `initial_momentum`); the bases of every policy but OneCycle.
    private var initialMomentum: [Double] = []

    private static let initialKey = "initial_momentum"

    private func write(_ optimizer: any Optimizer) {
        let count = min(updater.values.count, optimizer.paramGroups.count)
        for index in 0..<count { optimizer.paramGroups[index].momentum = updater.values[index] }
    }
}
