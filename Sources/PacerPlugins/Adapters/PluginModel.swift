import CPacer
import Pacer

/// A model plugin instance as the runner sees it. Parameter views are read
/// once after create; each step hands the plugin the batch as borrowed
/// `pacer_tensor` views built in storage reused from step to step.
public final class PluginModel: StatefulModel {
    /// The plugin's type name.
    public let typeName: String
    /// The plugin file.
    public let origin: String
    /// The model's trained parameters.
    public let parameters: [Parameter]
    /// The model's untrained state.
    public let buffers: [Parameter]
    private let descriptor: PluginDescriptor
    private let table: pacer_model_vtable
    private let instance: UnsafeMutableRawPointer
    private let context = PluginContext()
    private let errorSlot = ErrorSlot()
    private let fields = BatchViews()

    /// Creates an instance of `descriptor` from its config.
    public init(_ descriptor: PluginDescriptor, config: PluginConfigView) throws(PluginError) {
        guard let table = descriptor.modelVTable else {
            throw .createFailed(type: descriptor.typeName, path: descriptor.path, message: "not a model plugin")
        }
        self.descriptor = descriptor
        self.table = table
        typeName = descriptor.typeName
        origin = descriptor.path
        instance = try PluginInstance.create(descriptor, config: config, errorSlot: errorSlot)
        do {
            parameters = try Self.views(count: table.param_count, at: table.param_at, instance: instance,
                                        trained: true, type: descriptor.typeName)
            buffers = try Self.views(count: table.buffer_count, at: table.buffer_at, instance: instance,
                                     trained: false, type: descriptor.typeName)
        } catch {
            descriptor.descriptor.destroy!(instance)
            throw error
        }
    }

    /// Forward and backward through the plugin's train_step.
    public func trainStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        try PluginCallSite.calling(trainSite) { try step(table.train_step!, batch, runner: runner, scores: nil) }
    }

    /// Forward through the plugin's val_step, which also writes each
    /// sample's class scores when `runner.outputs.scoreBuffer` asks for them.
    public func valStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        try PluginCallSite.calling(valSite) {
            try step(table.val_step!, batch, runner: runner, scores: runner.outputs.scoreBuffer)
        }
    }

    /// Crash-report labels of the two steps.
    private lazy var trainSite = PluginCallSite.label(kind: "model", type: typeName, file: origin, function: "train_step")
    private lazy var valSite = PluginCallSite.label(kind: "model", type: typeName, file: origin, function: "val_step")

    /// Runs the plugin's save_state, if it has one, into `state` under `prefix`.
    public func saveState(into state: StateDict, prefix: String) throws {
        try PluginInstance.transferState(
            table.save_state, instance: instance, state: state, prefix: prefix,
            type: typeName, call: "save_state", errorSlot: errorSlot)
    }

    /// Runs the plugin's load_state, if it has one, from `state` under `prefix`.
    public func loadState(from state: StateDict, prefix: String) throws {
        try PluginInstance.transferState(
            table.load_state, instance: instance, state: state, prefix: prefix,
            type: typeName, call: "load_state", errorSlot: errorSlot)
    }

    private func step(_ function: pacer_step_fn, _ batch: Batch, runner: Runner,
                      scores: UnsafeMutableBufferPointer<Float>?) throws(PluginCallError) -> StepResult {
        context.runner = runner
        var output = pacer_step_output()
        output.struct_size = UInt32(MemoryLayout<pacer_step_output>.size)
        if let scores {
            output.scores = scores.baseAddress
            output.score_capacity = Int64(runner.outputs.scoreCapacity)
        }
        let status = function(instance, context.pointer, fields.view(of: batch), &output, errorSlot.pointer)
        guard status == PACER_OK else {
            throw PluginCallError(description: errorSlot.take(status: status))
        }
        if scores != nil {
            runner.outputs.scoreCount = Int(min(max(output.score_count, 0), output.score_capacity))
        }
        return StepResult(loss: output.loss, numSamples: Int(output.num_samples))
    }

    private static func views(
        count: (@convention(c) (UnsafeMutableRawPointer?) -> UInt32)?,
        at: (@convention(c) (UnsafeMutableRawPointer?, UInt32, UnsafeMutablePointer<pacer_tensor>?) -> pacer_status)?,
        instance: UnsafeMutableRawPointer, trained: Bool, type: String
    ) throws(PluginError) -> [Parameter] {
        guard let count, let at else { return [] }
        var result: [Parameter] = []
        for index in 0..<count(instance) {
            var view = pacer_tensor()
            view.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
            let call = trained ? "param_at(\(index))" : "buffer_at(\(index))"
            guard at(instance, index, &view) == PACER_OK, let name = view.name, let data = view.data,
                  view.dtype == DType.float32.rawValue, view.ndim >= 0, view.ndim == 0 || view.shape != nil
            else { throw .callFailed(type: type, call: call, message: "returned no valid float32 tensor") }
            let shape = (0..<Int(view.ndim)).map { Int(view.shape![$0]) }
            guard !trained || view.grad != nil else {
                throw .callFailed(type: type, call: call, message: "parameter \(String(cString: name)) has no grad buffer")
            }
            result.append(Parameter(
                name: String(cString: name), shape: shape, data: data.assumingMemoryBound(to: Float.self),
                grad: view.grad?.assumingMemoryBound(to: Float.self)))
        }
        return result
    }

    deinit { descriptor.descriptor.destroy!(instance) }
}
