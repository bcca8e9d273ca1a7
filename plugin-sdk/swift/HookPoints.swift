/// The hook points a plugin implements: exactly the `pacer_hook_vtable`
/// slots the kit fills. The host calls a filled slot and never calls an
/// empty one.
///
/// List the points the host should call, not the methods you wrote: a hook
/// that implements only ``HookPlugin/beforeEpoch(_:)`` and lists
/// `[.beforeTrainEpoch, .beforeValEpoch]` is called around every train and
/// val epoch through the default fan-out, as in MMCV; listing `.beforeEpoch`
/// too adds the IterBasedRunner's calls.
public struct HookPoints: OptionSet, Hashable, Sendable {
    /// One bit per point, in vtable order.
    public let rawValue: UInt32

    /// Wraps a bit set.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `before_run`: once, before the first workflow flow.
    public static let beforeRun = HookPoints(rawValue: 1 << 0)
    /// `after_run`: once, after the last flow (also after a stop request).
    public static let afterRun = HookPoints(rawValue: 1 << 1)
    /// `before_epoch`: IterBasedRunner only, once after `before_run`.
    public static let beforeEpoch = HookPoints(rawValue: 1 << 2)
    /// `after_epoch`: IterBasedRunner only, once before `after_run`.
    public static let afterEpoch = HookPoints(rawValue: 1 << 3)
    /// `before_iter`: not called by the built-in runners; for custom runners.
    public static let beforeIter = HookPoints(rawValue: 1 << 4)
    /// `after_iter`: not called by the built-in runners; for custom runners.
    public static let afterIter = HookPoints(rawValue: 1 << 5)
    /// `before_train_epoch`: EpochBasedRunner, before each train epoch.
    public static let beforeTrainEpoch = HookPoints(rawValue: 1 << 6)
    /// `after_train_epoch`: EpochBasedRunner, after each train epoch.
    public static let afterTrainEpoch = HookPoints(rawValue: 1 << 7)
    /// `before_val_epoch`: EpochBasedRunner, before each val epoch.
    public static let beforeValEpoch = HookPoints(rawValue: 1 << 8)
    /// `after_val_epoch`: EpochBasedRunner, after each val epoch.
    public static let afterValEpoch = HookPoints(rawValue: 1 << 9)
    /// `before_train_iter`: before each train iteration.
    public static let beforeTrainIter = HookPoints(rawValue: 1 << 10)
    /// `after_train_iter`: after each train iteration; hooks below
    /// ``Priority/aboveNormal`` see the optimizer step already done.
    public static let afterTrainIter = HookPoints(rawValue: 1 << 11)
    /// `before_val_iter`: before each val iteration.
    public static let beforeValIter = HookPoints(rawValue: 1 << 12)
    /// `after_val_iter`: after each val iteration.
    public static let afterValIter = HookPoints(rawValue: 1 << 13)

    /// All fourteen points.
    public static let all = HookPoints(rawValue: (1 << 14) - 1)
}
