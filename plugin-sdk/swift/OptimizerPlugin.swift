/// An optimizer written in Swift (ABI 1.1): what a config names in
/// `optimizer=dict(type='Lion', lr=1e-4, betas=(0.9, 0.99))`.
///
/// The host builds the parameter groups from the config's `lr`,
/// `weight_decay` and momentum (`momentum`, else the first of `betas`, else
/// 0), lets LR and momentum updater hooks change them, and calls
/// ``step(_:)`` once per optimizer step with every parameter, its gradient
/// and its group's current values. The plugin keeps its own per-parameter
/// state (moment estimates), keyed by parameter index, and saves it in
/// checkpoints (under `optimizer.<key>`):
///
/// ```swift
/// final class SignSGD: OptimizerPlugin {
///     static let typeName = "SignSGD"
///     static let version = "1.0.0"
///     static let options: [PluginOption] = [.float("lr", default: nil, help: "the learning rate")]
///     init(config: PluginConfig) throws { _ = try config.double("lr") }
///     func step(_ args: OptimizerStep) throws {
///         for parameter in try args.parameters {
///             let lr = Float(args.groups[parameter.group].lr)
///             for i in 0..<parameter.count { parameter.data[i] -= lr * parameter.grad[i].signum() }
///         }
///     }
/// }
///
/// private let library = PluginLibraryDescription(optimizers: [SignSGD.self])
/// ```
///
/// The host reads `lr`, `weight_decay`, `momentum` and `betas` itself, but
/// they are the plugin's options too: declare the ones it accepts, so that
/// the host refuses the others. A 1.0 host refuses an optimizer plugin.
/// Rules as for ``HookPlugin``: a `final class`, runner thread only, throw
/// rather than trap, keep no handle beyond its call.
public protocol OptimizerPlugin: PacerPlugin {
    /// Updates every parameter's ``OptimizerParameter/data`` from its
    /// ``OptimizerParameter/grad`` once. A thrown error stops the run.
    func step(_ args: OptimizerStep) throws
    /// A checkpoint is being written: store the optimizer's state (stored
    /// under `optimizer.<key>`). The host saves the step count and the
    /// groups' values itself. Stores nothing by default.
    func saveState(_ writer: StateWriter) throws
    /// A checkpoint is being resumed, before the first step: read what
    /// ``saveState(_:)`` stored, keeping defaults for missing keys. Reads
    /// nothing by default.
    func loadState(_ reader: StateReader) throws
}

extension OptimizerPlugin {
    /// Stores nothing.
    public func saveState(_ writer: StateWriter) throws {}
    /// Reads nothing.
    public func loadState(_ reader: StateReader) throws {}
}
