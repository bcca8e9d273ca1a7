import CPacer
import Pacer

/// A hook plugin instance as the runner sees it: a `Hook` whose stages
/// are the vtable's non-NULL slots, each call going straight to the
/// plugin's function pointer. As a `CFunctionHook` it hands the runner
/// those function pointers, which the runner's dispatch table calls
/// without any Swift in between.
public final class PluginHook: StatefulHook, CFunctionHook {
    /// The plugin's type name.
    public let typeName: String
    /// The plugin file.
    public let origin: String
    /// The stages the plugin implements.
    public let stages: Set<HookStage>
    private let descriptor: PluginDescriptor
    private let instance: UnsafeMutableRawPointer
    private let functions: [pacer_hook_fn?]
    /// One context per runner the hook serves, so a context's runner is
    /// fixed once the runner has built its dispatch table.
    private var contexts: [ObjectIdentifier: PluginContext] = [:]
    private let errorSlot = ErrorSlot()

    /// Creates an instance of `descriptor` from its config.
    public init(_ descriptor: PluginDescriptor, config: PluginConfigView) throws(PluginError) {
        guard let table = descriptor.hookVTable else {
            throw .createFailed(type: descriptor.typeName, path: descriptor.path, message: "not a hook plugin")
        }
        self.descriptor = descriptor
        typeName = descriptor.typeName
        origin = descriptor.path
        stages = descriptor.stages
        functions = HookStage.allCases.map { table.function(for: $0) }
        instance = try PluginInstance.create(descriptor, config: config, errorSlot: errorSlot)
    }

    /// Calls the plugin's function for `stage`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard let function = functions[stage.rawValue] else { return }
        let status = function(instance, context(for: runner).pointer, errorSlot.pointer)
        if status != PACER_OK { throw failure(status: status, at: stage) }
    }

    /// The plugin's function for `stage` with this instance, the context
    /// of `runner` and the error slot; nil for a NULL vtable slot.
    public func cCall(at stage: HookStage, for runner: Runner) -> CHookCall? {
        guard let function = functions[stage.rawValue] else { return nil }
        return CHookCall(function: function, instance: instance, context: context(for: runner).pointer,
                         error: errorSlot.pointer)
    }

    /// The message the plugin left in its error slot for a failed call.
    public func failure(status: Int32, at stage: HookStage) -> any Error {
        PluginCallError(description: errorSlot.take(status: status))
    }

    /// The context handed to the plugin when it runs for `runner`.
    private func context(for runner: Runner) -> PluginContext {
        let key = ObjectIdentifier(runner)
        let context = contexts[key] ?? PluginContext()
        context.runner = runner
        contexts[key] = context
        return context
    }

    /// Runs the plugin's save_state into `state` under `prefix`.
    public func saveState(into state: StateDict, prefix: String) throws {
        try PluginInstance.transferState(
            descriptor.hookVTable?.save_state, instance: instance, state: state, prefix: prefix,
            type: typeName, call: "save_state", errorSlot: errorSlot)
    }

    /// Runs the plugin's load_state from `state` under `prefix`.
    public func loadState(from state: StateDict, prefix: String) throws {
        try PluginInstance.transferState(
            descriptor.hookVTable?.load_state, instance: instance, state: state, prefix: prefix,
            type: typeName, call: "load_state", errorSlot: errorSlot)
    }

    deinit { descriptor.descriptor.destroy!(instance) }
}
