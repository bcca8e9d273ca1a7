import CPacer
import Pacer

/// An optimizer plugin instance (ABI 1.1) as the runner sees it: the host
/// keeps the parameter groups (so LR and momentum hooks work unchanged)
/// and hands the plugin one `pacer_optimizer_step`, built once, whose
/// per-group arrays are refreshed before each step.
public final class PluginOptimizer: StatefulOptimizer {
    /// The plugin's type name.
    public let typeName: String
    /// The plugin file.
    public let origin: String
    /// Parameter groups, whose `lr` and `momentum` hooks may change.
    public var paramGroups: [ParamGroup]
    /// Steps taken so far (saved and restored by the checkpoint).
    public var stepCount = 0
    /// Nothing: the plugin saves its own state through save_state.
    public let state: [Parameter] = []

    private let descriptor: PluginDescriptor
    private let table: pacer_optimizer_vtable
    private let instance: UnsafeMutableRawPointer
    private let errorSlot = ErrorSlot()
    private let views: ParameterViews
    private let groupOfParameter: UnsafeMutableBufferPointer<UInt32>
    private let lr, momentum, weightDecay: UnsafeMutableBufferPointer<Double>

    /// Creates an instance of `descriptor` from its config, stepping
    /// `parameters` in `groups` (built by the host from the same config).
    public init(_ descriptor: PluginDescriptor, config: PluginConfigView, parameters: [Parameter],
                groups: [ParamGroup]) throws(PluginError) {
        guard let table = descriptor.optimizerVTable else {
            throw .createFailed(type: descriptor.typeName, path: descriptor.path, message: "not an optimizer plugin")
        }
        self.descriptor = descriptor
        self.table = table
        typeName = descriptor.typeName
        origin = descriptor.path
        paramGroups = groups
        views = ParameterViews(parameters)
        groupOfParameter = .allocate(capacity: parameters.count)
        groupOfParameter.initialize(repeating: 0)
        for (group, members) in groups.enumerated() {
            for index in members.parameterIndices { groupOfParameter[index] = UInt32(group) }
        }
        lr = .allocate(capacity: groups.count)
        momentum = .allocate(capacity: groups.count)
        weightDecay = .allocate(capacity: groups.count)
        instance = try PluginInstance.create(descriptor, config: config, errorSlot: errorSlot)
    }

    /// One step of the plugin over every parameter.
    public func step() throws {
        for (index, group) in paramGroups.enumerated() {
            lr[index] = group.lr
            momentum[index] = group.momentum
            weightDecay[index] = group.weightDecay
        }
        stepCount += 1
        var args = pacer_optimizer_step()
        args.struct_size = UInt32(MemoryLayout<pacer_optimizer_step>.size)
        args.param_count = UInt32(views.views.count)
        args.param_stride = UInt32(MemoryLayout<pacer_tensor>.stride)
        args.group_count = UInt32(paramGroups.count)
        args.params = UnsafePointer(views.views.baseAddress)
        args.param_group = UnsafePointer(groupOfParameter.baseAddress)
        args.lr = UnsafePointer(lr.baseAddress)
        args.momentum = UnsafePointer(momentum.baseAddress)
        args.weight_decay = UnsafePointer(weightDecay.baseAddress)
        args.step = Int64(stepCount)
        let status = table.step!(instance, &args, errorSlot.pointer)
        if status != PACER_OK {
            stepCount -= 1
            throw PluginCallError(description: errorSlot.take(status: status))
        }
    }

    /// Runs the plugin's save_state into `state` under `prefix`.
    public func saveState(into state: StateDict, prefix: String) throws {
        try PluginInstance.transferState(table.save_state, instance: instance, state: state, prefix: prefix,
                                         type: typeName, call: "save_state", errorSlot: errorSlot)
    }

    /// Runs the plugin's load_state from `state` under `prefix`.
    public func loadState(from state: StateDict, prefix: String) throws {
        try PluginInstance.transferState(table.load_state, instance: instance, state: state, prefix: prefix,
                                         type: typeName, call: "load_state", errorSlot: errorSlot)
    }

    deinit {
        descriptor.descriptor.destroy!(instance)
        groupOfParameter.deallocate()
        lr.deallocate()
        momentum.deallocate()
        weightDecay.deallocate()
    }
}
