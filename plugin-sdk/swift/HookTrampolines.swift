import CPacer

/// The `@convention(c)` functions the kit puts in every hook vtable.
///
/// They are non-generic and capture nothing (C function pointers cannot):
/// each one finds the instance through the `void *self` box and calls one
/// protocol requirement on it. Every call runs inside do/catch, so a thrown
/// error becomes a status plus a message in the host's error slot.
enum HookTrampolines {
    /// The box type of every hook instance.
    typealias Box = PluginBox<any HookPlugin>

    /// Runs `body` on the instance behind `pointer` with a ``RunnerContext``.
    static func invoke(_ pointer: UnsafeMutableRawPointer?, _ ctx: OpaquePointer?,
                       _ err: OpaquePointer?,
                       _ body: (any HookPlugin, RunnerContext) throws -> Void) -> pacer_status {
        Box.call(pointer, err) { box in
            let handle = try box.require(ctx, "pacer_ctx")
            try body(box.plugin, RunnerContext(api: box.api, handle: handle, error: err))
        }
    }

    /// A vtable for `type`: the slots in its ``HookPlugin/points`` plus the
    /// two checkpoint slots; every other slot NULL.
    static func vtable(for type: any HookPlugin.Type) -> pacer_hook_vtable {
        let points = type.points
        func slot(_ point: HookPoints, _ function: pacer_hook_fn) -> pacer_hook_fn? {
            points.contains(point) ? function : nil
        }
        var table = pacer_hook_vtable()
        table.struct_size = UInt32(MemoryLayout<pacer_hook_vtable>.size)
        table.before_run = slot(.beforeRun) { HookTrampolines.invoke($0, $1, $2) { try $0.beforeRun($1) } }
        table.after_run = slot(.afterRun) { HookTrampolines.invoke($0, $1, $2) { try $0.afterRun($1) } }
        table.before_epoch = slot(.beforeEpoch) { HookTrampolines.invoke($0, $1, $2) { try $0.beforeEpoch($1) } }
        table.after_epoch = slot(.afterEpoch) { HookTrampolines.invoke($0, $1, $2) { try $0.afterEpoch($1) } }
        table.before_iter = slot(.beforeIter) { HookTrampolines.invoke($0, $1, $2) { try $0.beforeIter($1) } }
        table.after_iter = slot(.afterIter) { HookTrampolines.invoke($0, $1, $2) { try $0.afterIter($1) } }
        table.before_train_epoch = slot(.beforeTrainEpoch) {
            HookTrampolines.invoke($0, $1, $2) { try $0.beforeTrainEpoch($1) }
        }
        table.after_train_epoch = slot(.afterTrainEpoch) {
            HookTrampolines.invoke($0, $1, $2) { try $0.afterTrainEpoch($1) }
        }
        table.before_val_epoch = slot(.beforeValEpoch) {
            HookTrampolines.invoke($0, $1, $2) { try $0.beforeValEpoch($1) }
        }
        table.after_val_epoch = slot(.afterValEpoch) {
            HookTrampolines.invoke($0, $1, $2) { try $0.afterValEpoch($1) }
        }
        table.before_train_iter = slot(.beforeTrainIter) {
            HookTrampolines.invoke($0, $1, $2) { try $0.beforeTrainIter($1) }
        }
        table.after_train_iter = slot(.afterTrainIter) {
            HookTrampolines.invoke($0, $1, $2) { try $0.afterTrainIter($1) }
        }
        table.before_val_iter = slot(.beforeValIter) {
            HookTrampolines.invoke($0, $1, $2) { try $0.beforeValIter($1) }
        }
        table.after_val_iter = slot(.afterValIter) {
            HookTrampolines.invoke($0, $1, $2) { try $0.afterValIter($1) }
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
