import CPacer
import Pacer

/// A hook plugin instance as the runner sees it: a `Hook` whose stages
/// are the vtable's non-NULL slots, each call going straight to the
/// plugin's function pointer.
public final class PluginHook: StatefulHook {
    /// The plugin's type name.
    public let typeName: String
    /// The plugin file.
    public let origin: String
    /// The stages the plugin implements.
    public let stages: Set<HookStage>
    private let descriptor: PluginDescriptor
    private let instance: UnsafeMutableRawPointer
    private let functions: [pacer_hook_fn?]
    private let context = PluginContext()
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
        context.runner = runner
        let status = function(instance, context.pointer, errorSlot.pointer)
        if status != PACER_OK {
            throw PluginCallError(description: errorSlot.take(status: status))
        }
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
