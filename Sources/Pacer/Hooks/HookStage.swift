/// A point in the training loop where hooks run: MMCV 1.x's fourteen hook
/// methods. The raw values are the slot order of `pacer_hook_vtable`.
public enum HookStage: Int, CaseIterable, Sendable {
    /// Once, before the first workflow flow.
    case beforeRun
    /// Once, after the last flow.
    case afterRun
    /// IterBasedRunner only: once after `beforeRun`.
    case beforeEpoch
    /// IterBasedRunner only: once before `afterRun`.
    case afterEpoch
    /// Not called by the built-in runners; for custom runners and modes.
    case beforeIter
    /// Not called by the built-in runners; for custom runners and modes.
    case afterIter
    /// EpochBasedRunner: before each train epoch.
    case beforeTrainEpoch
    /// EpochBasedRunner: after each train epoch.
    case afterTrainEpoch
    /// EpochBasedRunner: before each val epoch.
    case beforeValEpoch
    /// EpochBasedRunner: after each val epoch.
    case afterValEpoch
    /// Before each train iteration.
    case beforeTrainIter
    /// After each train iteration, before `iter` grows.
    case afterTrainIter
    /// Before each val iteration.
    case beforeValIter
    /// After each val iteration.
    case afterValIter

    /// The MMCV method name, such as `after_train_iter`.
    public var name: String { Self.names[rawValue] }

    /// The stage with MMCV method name `name`, or nil.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: index)
    }

    /// Stages in the order a run meets them, for listings such as `pacer hooks`.
    public static let runOrder: [HookStage] = [
        .beforeRun, .beforeEpoch, .beforeTrainEpoch, .beforeIter, .beforeTrainIter,
        .afterTrainIter, .afterIter, .afterTrainEpoch, .beforeValEpoch, .beforeValIter,
        .afterValIter, .afterValEpoch, .afterEpoch, .afterRun,
    ]

    private static let names = [
        "before_run", "after_run", "before_epoch", "after_epoch", "before_iter", "after_iter",
        "before_train_epoch", "after_train_epoch", "before_val_epoch", "after_val_epoch",
        "before_train_iter", "after_train_iter", "before_val_iter", "after_val_iter",
    ]
}
