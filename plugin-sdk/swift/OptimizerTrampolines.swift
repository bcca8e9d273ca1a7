import CPacer

/// The `@convention(c)` functions of every optimizer vtable (ABI 1.1): like
/// ``HookTrampolines``, each finds the instance through its box and turns a
/// thrown error into a status and a message.
enum OptimizerTrampolines {
    /// The box type of every optimizer instance.
    typealias Box = PluginBox<any OptimizerPlugin>

    /// The vtable every optimizer type shares: step, save_state, load_state.
    static func vtable() -> pacer_optimizer_vtable {
        var table = pacer_optimizer_vtable()
        table.struct_size = UInt32(MemoryLayout<pacer_optimizer_vtable>.size)
        table.reserved0 = 0
        table.step = { pointer, args, err in
            Box.call(pointer, err) { box in
                guard let args else {
                    throw PluginFailure("\(box.typeName): the host passed a NULL pacer_optimizer_step",
                                        status: .invalidArgument)
                }
                try box.plugin.step(OptimizerStep(args))
            }
        }
        table.save_state = { pointer, io, err in
            Box.call(pointer, err) { box in
                let handle = try box.require(io, "pacer_state_io")
                try box.plugin.saveState(StateWriter(typeName: box.typeName, api: box.api, handle: handle))
            }
        }
        table.load_state = { pointer, io, err in
            Box.call(pointer, err) { box in
                let handle = try box.require(io, "pacer_state_io")
                try box.plugin.loadState(StateReader(typeName: box.typeName, api: box.api, handle: handle))
            }
        }
        return table
    }

    /// `destroy`: drops the host's reference to the box.
    static let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Void = { Box.release($0) }
}
