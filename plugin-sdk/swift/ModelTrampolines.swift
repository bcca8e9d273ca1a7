import CPacer

/// The `@convention(c)` functions of every model vtable: like
/// ``HookTrampolines``, each finds the instance through its box and turns a
/// thrown error into a status and a message.
enum ModelTrampolines {
    /// A model instance with the tensors the host views, read once after
    /// `init` so that the views stay the same until `destroy`.
    final class Instance {
        let plugin: any ModelPlugin
        let parameters: [ModelTensor]
        let buffers: [ModelTensor]

        init(_ plugin: any ModelPlugin) {
            self.plugin = plugin
            parameters = plugin.parameters
            buffers = plugin.buffers
        }
    }

    /// The box type of every model instance.
    typealias Box = PluginBox<Instance>

    private static func instance(_ pointer: UnsafeMutableRawPointer?) -> Instance? {
        pointer.map { Unmanaged<Box>.fromOpaque($0).takeUnretainedValue().plugin }
    }

    /// Writes tensor `index` of `tensors` into the host's view, no more
    /// bytes than its `struct_size` says it has room for.
    private static func write(_ tensors: [ModelTensor]?, _ index: UInt32,
                              _ out: UnsafeMutablePointer<pacer_tensor>?) -> pacer_status {
        guard let tensors, let out else { return PACER_E_INVALID_ARG }
        guard Int(index) < tensors.count else { return PACER_E_NOT_FOUND }
        var view = tensors[Int(index)].view
        let size = min(Int(out.pointee.struct_size), MemoryLayout<pacer_tensor>.size)
        withUnsafeBytes(of: &view) { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: size) }
        out.pointee.struct_size = UInt32(size)
        return PACER_OK
    }

    /// Whether the host's `pacer_step_output` has the ABI 1.1 score fields.
    private static func hasScores(_ out: UnsafeMutablePointer<pacer_step_output>) -> Bool {
        Int(out.pointee.struct_size) >= MemoryLayout<pacer_step_output>.offset(of: \.score_count)! + 8
    }

    /// Runs a train or val step of the instance behind `pointer` and fills `out`.
    private static func step(_ pointer: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?,
                             _ batch: UnsafePointer<pacer_batch>?, _ out: UnsafeMutablePointer<pacer_step_output>?,
                             _ err: OpaquePointer?, training: Bool) -> pacer_status {
        Box.call(pointer, err) { box in
            let handle = try box.require(ctx, "pacer_ctx")
            guard let batch, let out else {
                throw PluginFailure("\(box.typeName): the host passed a NULL batch or step output",
                                    status: .invalidArgument)
            }
            var scores: UnsafeMutableBufferPointer<Float>?
            var capacity = 0
            if !training, hasScores(out), let room = out.pointee.scores, out.pointee.score_capacity > 0 {
                capacity = Int(out.pointee.score_capacity)
                let rows = try ModelBatch(batch).count
                scores = UnsafeMutableBufferPointer(start: room, count: rows * capacity)
            }
            let step = ModelStep(batch: ModelBatch(batch), runner: RunnerContext(api: box.api, handle: handle, error: err),
                                 scores: scores, scoreCapacity: capacity)
            let result = training ? try box.plugin.plugin.trainStep(step) : try box.plugin.plugin.valStep(step)
            out.pointee.loss = result.loss
            out.pointee.num_samples = Int64(result.numSamples)
            if scores != nil { out.pointee.score_count = Int64(min(max(result.scoreCount, 0), capacity)) }
        }
    }

    /// The vtable every model type shares.
    static func vtable() -> pacer_model_vtable {
        var table = pacer_model_vtable()
        table.struct_size = UInt32(MemoryLayout<pacer_model_vtable>.size)
        table.reserved0 = 0
        table.param_count = { UInt32(ModelTrampolines.instance($0)?.parameters.count ?? 0) }
        table.param_at = { ModelTrampolines.write(ModelTrampolines.instance($0)?.parameters, $1, $2) }
        table.buffer_count = { UInt32(ModelTrampolines.instance($0)?.buffers.count ?? 0) }
        table.buffer_at = { ModelTrampolines.write(ModelTrampolines.instance($0)?.buffers, $1, $2) }
        table.train_step = { ModelTrampolines.step($0, $1, $2, $3, $4, training: true) }
        table.val_step = { ModelTrampolines.step($0, $1, $2, $3, $4, training: false) }
        table.save_state = { pointer, io, err in
            Box.call(pointer, err) { box in
                let handle = try box.require(io, "pacer_state_io")
                try box.plugin.plugin.saveState(StateWriter(typeName: box.typeName, api: box.api, handle: handle))
            }
        }
        table.load_state = { pointer, io, err in
            Box.call(pointer, err) { box in
                let handle = try box.require(io, "pacer_state_io")
                try box.plugin.plugin.loadState(StateReader(typeName: box.typeName, api: box.api, handle: handle))
            }
        }
        return table
    }

    /// `destroy`: drops the host's reference to the box.
    static let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Void = { Box.release($0) }
}
