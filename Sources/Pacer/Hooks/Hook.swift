/// Something the runner calls at hook stages. Built-in Swift hooks and
/// plugin hooks loaded from shared libraries are both `Hook`s; the runner
/// treats them the same.
public protocol Hook: AnyObject {
    /// The registry name, as a config's `type` names it (`"EMAHook"`).
    var typeName: String { get }
    /// Where the hook comes from: `"built-in"` or the plugin file's path.
    var origin: String { get }
    /// The stages this hook implements. The runner calls it at these only.
    var stages: Set<HookStage> { get }
    /// Runs the hook at `stage`. A thrown error stops the run and is
    /// reported with the hook's name and the stage.
    func call(_ stage: HookStage, runner: Runner) throws
}

/// Hooks that keep state across a resume write it into a checkpoint's
/// state dict under keys of their own.
public protocol StatefulHook: Hook {
    /// Adds the hook's state to `state`, under keys starting with `prefix`.
    func saveState(into state: StateDict, prefix: String) throws
    /// Restores from `state`; keys that are absent keep their defaults.
    func loadState(from state: StateDict, prefix: String) throws
}
