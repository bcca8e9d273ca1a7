/// A plugin's C function for one hook point: `pacer_hook_fn`
/// (`pacer_status (*)(void *self, pacer_ctx *ctx, pacer_error *err)`),
/// spelled without the C types so the core needs no C headers.
public typealias CHookFunction = @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, OpaquePointer?) -> Int32

/// Everything the runner needs to call one hook point of a C plugin
/// directly: the function and the three arguments it always gets.
public struct CHookCall {
    /// The plugin's function for the stage.
    public let function: CHookFunction
    /// The plugin instance (`self`).
    public let instance: UnsafeMutableRawPointer?
    /// The host context handed to the plugin (`pacer_ctx *`).
    public let context: OpaquePointer?
    /// The host error slot handed to the plugin (`pacer_error *`).
    public let error: OpaquePointer?

    /// A call of `function` with these arguments.
    public init(function: @escaping CHookFunction, instance: UnsafeMutableRawPointer?,
                context: OpaquePointer?, error: OpaquePointer?) {
        self.function = function
        self.instance = instance
        self.context = context
        self.error = error
    }
}

/// A hook whose stages are plain C functions. The runner calls them
/// straight from its dispatch table, without going through `call(_:runner:)`:
/// an indirect call and a status test per hook and stage. `call(_:runner:)`
/// must do the same as the direct call, for callers outside the runner.
public protocol CFunctionHook: Hook {
    /// The direct call for `stage` on behalf of `runner`, or nil when the
    /// hook does not implement `stage`. Asked when the runner builds its
    /// dispatch table (once, after the last registration); the arguments
    /// must stay valid while the hook lives.
    func cCall(at stage: HookStage, for runner: Runner) -> CHookCall?

    /// The error to report after the direct call at `stage` returned the
    /// nonzero `status` (for a plugin: the message it left in its error slot).
    func failure(status: Int32, at stage: HookStage) -> any Error
}
