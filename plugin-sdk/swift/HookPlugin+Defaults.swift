/// Defaults: MMCV's `Hook` base class, where the train/val points fan out to
/// the generic ones and the generic ones do nothing.
extension HookPlugin {
    /// ``Priority/normal``.
    public static var defaultPriority: Priority { .normal }

    /// Does nothing.
    public func beforeRun(_ runner: RunnerContext) throws {}
    /// Does nothing.
    public func afterRun(_ runner: RunnerContext) throws {}
    /// Does nothing.
    public func beforeEpoch(_ runner: RunnerContext) throws {}
    /// Does nothing.
    public func afterEpoch(_ runner: RunnerContext) throws {}
    /// Does nothing.
    public func beforeIter(_ runner: RunnerContext) throws {}
    /// Does nothing.
    public func afterIter(_ runner: RunnerContext) throws {}
    /// Calls ``HookPlugin/beforeEpoch(_:)``.
    public func beforeTrainEpoch(_ runner: RunnerContext) throws { try beforeEpoch(runner) }
    /// Calls ``HookPlugin/afterEpoch(_:)``.
    public func afterTrainEpoch(_ runner: RunnerContext) throws { try afterEpoch(runner) }
    /// Calls ``HookPlugin/beforeEpoch(_:)``.
    public func beforeValEpoch(_ runner: RunnerContext) throws { try beforeEpoch(runner) }
    /// Calls ``HookPlugin/afterEpoch(_:)``.
    public func afterValEpoch(_ runner: RunnerContext) throws { try afterEpoch(runner) }
    /// Calls ``HookPlugin/beforeIter(_:)``.
    public func beforeTrainIter(_ runner: RunnerContext) throws { try beforeIter(runner) }
    /// Calls ``HookPlugin/afterIter(_:)``.
    public func afterTrainIter(_ runner: RunnerContext) throws { try afterIter(runner) }
    /// Calls ``HookPlugin/beforeIter(_:)``.
    public func beforeValIter(_ runner: RunnerContext) throws { try beforeIter(runner) }
    /// Calls ``HookPlugin/afterIter(_:)``.
    public func afterValIter(_ runner: RunnerContext) throws { try afterIter(runner) }

    /// Stores nothing.
    public func saveState(_ writer: StateWriter) throws {}
    /// Reads nothing.
    public func loadState(_ reader: StateReader) throws {}
}
