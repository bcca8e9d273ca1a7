/// A hook written in Swift: MMCV's `Hook` class, loaded by Pacer as a plugin.
///
/// Write a `final class` that conforms, list the points the host should call
/// in ``points``, declare the config keys it reads in
/// ``PacerPlugin/options``, implement those methods, and export the library:
///
/// ```swift
/// import CPacer
/// import PacerPluginKit
///
/// final class CountHook: HookPlugin {
///     static let typeName = "CountHook"
///     static let version = "1.0.0"
///     static let points: HookPoints = [.afterTrainIter]
///     static let options: [PluginOption] = [
///         .int("interval", default: 10, help: "log every `interval` train iterations"),
///     ]
///     private let interval: Int
///     init(config: PluginConfig) throws { interval = try config.int("interval", default: 10) }
///     func afterTrainIter(_ runner: RunnerContext) throws {
///         let info = try runner.info
///         if (info.iter + 1) % interval == 0 { runner.log("iter \(info.iter + 1)") }
///     }
/// }
///
/// private let library = PluginLibraryDescription(hooks: [CountHook.self])
/// @c(pacer_plugin_entry) public func pacerPluginEntry() -> UnsafePointer<pacer_library> {
///     library.pointer
/// }
/// ```
///
/// Every point has a default that follows MMCV's fan-out: the train and val
/// epoch points call ``beforeEpoch(_:)``/``afterEpoch(_:)``, the train and
/// val iteration points call ``beforeIter(_:)``/``afterIter(_:)``, and the
/// generic points do nothing. The host calls only the points in ``points``.
///
/// Rules:
/// - Each instance is called on the runner thread only, never concurrently.
/// - A thrown error stops the run: the host prints the plugin, the point and
///   the error's text (see ``PluginError``). A trap (`fatalError`, a failed
///   `!`, an overflow) kills the whole process; throw instead.
/// - Make the class `final`: a method that a subclass adds does not replace
///   the protocol's default. A method whose signature differs from the
///   requirement (say `afterTrainIter(runner:)`) is never called either.
/// - Keep no ``RunnerContext``, ``PluginConfig``, ``StateWriter`` or
///   ``StateReader`` beyond the call that received it.
public protocol HookPlugin: PacerPlugin {
    /// The priority used when the config gives none; ``Priority/normal`` by default.
    static var defaultPriority: Priority { get }
    /// The hook points the host calls. The kit fills exactly these vtable
    /// slots, plus the checkpoint slots (``saveState(_:)``, ``loadState(_:)``).
    static var points: HookPoints { get }

    /// `before_run`: once, before the first workflow flow.
    func beforeRun(_ runner: RunnerContext) throws
    /// `after_run`: once, after the last flow (also after a stop request).
    func afterRun(_ runner: RunnerContext) throws
    /// `before_epoch`: the IterBasedRunner calls it once after `before_run`;
    /// the train and val epoch points call it by default.
    func beforeEpoch(_ runner: RunnerContext) throws
    /// `after_epoch`: the IterBasedRunner calls it once before `after_run`;
    /// the train and val epoch points call it by default.
    func afterEpoch(_ runner: RunnerContext) throws
    /// `before_iter`: called by custom runners; the train and val iteration
    /// points call it by default.
    func beforeIter(_ runner: RunnerContext) throws
    /// `after_iter`: called by custom runners; the train and val iteration
    /// points call it by default.
    func afterIter(_ runner: RunnerContext) throws
    /// `before_train_epoch`: before each train epoch. Defaults to ``beforeEpoch(_:)``.
    func beforeTrainEpoch(_ runner: RunnerContext) throws
    /// `after_train_epoch`: after each train epoch, before the epoch
    /// counter grows. Defaults to ``afterEpoch(_:)``.
    func afterTrainEpoch(_ runner: RunnerContext) throws
    /// `before_val_epoch`: before each val epoch. Defaults to ``beforeEpoch(_:)``.
    func beforeValEpoch(_ runner: RunnerContext) throws
    /// `after_val_epoch`: after each val epoch. Defaults to ``afterEpoch(_:)``.
    func afterValEpoch(_ runner: RunnerContext) throws
    /// `before_train_iter`: before each train iteration. Defaults to ``beforeIter(_:)``.
    func beforeTrainIter(_ runner: RunnerContext) throws
    /// `after_train_iter`: after each train iteration, before the iteration
    /// counter grows. Defaults to ``afterIter(_:)``.
    func afterTrainIter(_ runner: RunnerContext) throws
    /// `before_val_iter`: before each val iteration. Defaults to ``beforeIter(_:)``.
    func beforeValIter(_ runner: RunnerContext) throws
    /// `after_val_iter`: after each val iteration. Defaults to ``afterIter(_:)``.
    func afterValIter(_ runner: RunnerContext) throws

    /// `save_state`: a checkpoint is being written; store what a resumed run
    /// needs. Does nothing by default.
    func saveState(_ writer: StateWriter) throws
    /// `load_state`: a checkpoint is being resumed; read what
    /// ``saveState(_:)`` stored and keep defaults for missing keys. Does
    /// nothing by default.
    func loadState(_ reader: StateReader) throws
}
