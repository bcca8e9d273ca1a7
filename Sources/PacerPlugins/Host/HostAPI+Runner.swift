import CPacer
import Pacer

extension HostAPI {
    static func installRunnerFunctions(_ api: inout pacer_host_api) {
        api.ctx_get_info = { ctx, out in
            guard let runner = HostAPI.runner(ctx), let out else { return PACER_E_INVALID_ARG }
            var info = pacer_ctx_info()
            info.struct_size = UInt32(MemoryLayout<pacer_ctx_info>.size)
            info.mode = HostAPI.modeCode(runner.mode)
            info.epoch = Int64(runner.epoch)
            info.iter = Int64(runner.iter)
            info.inner_iter = Int64(runner.innerIter)
            info.max_epochs = Int64(runner.maxEpochs)
            info.max_iters = Int64(runner.maxIters)
            info.iters_per_epoch = Int64(runner.itersPerEpoch)
            let size = min(Int(out.pointee.struct_size), MemoryLayout<pacer_ctx_info>.size)
            guard size >= MemoryLayout<UInt32>.size else { return PACER_E_ABI }
            withUnsafeBytes(of: &info) { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: size) }
            out.pointee.struct_size = UInt32(size)
            return PACER_OK
        }
        api.ctx_mode_name = { ctx in
            guard let context = PluginContext.from(ctx) else { return nil }
            return context.strings.pointer(context.runner?.mode ?? "")
        }
        api.ctx_work_dir = { ctx in
            guard let context = PluginContext.from(ctx) else { return nil }
            return context.strings.pointer(context.runner?.workDir ?? "")
        }
        api.ctx_timestamp = { ctx in
            guard let context = PluginContext.from(ctx) else { return nil }
            return context.strings.pointer(context.runner?.timestamp ?? "")
        }
        api.ctx_group_count = { ctx in UInt32(HostAPI.runner(ctx)?.optimizer?.paramGroups.count ?? 0) }
        api.ctx_lr = { ctx, group in
            guard let groups = HostAPI.runner(ctx)?.optimizer?.paramGroups, Int(group) < groups.count else { return 0 }
            return groups[Int(group)].lr
        }
        api.ctx_momentum = { ctx, group in
            guard let groups = HostAPI.runner(ctx)?.optimizer?.paramGroups, Int(group) < groups.count else { return 0 }
            return groups[Int(group)].momentum
        }
        api.ctx_output_get = { ctx, key, out in
            guard let runner = HostAPI.runner(ctx), let key = HostAPI.string(key), let out else { return PACER_E_INVALID_ARG }
            guard let value = runner.outputs.value(key) else { return PACER_E_NOT_FOUND }
            out.pointee = value
            return PACER_OK
        }
        api.ctx_output_put = { ctx, key, value in
            guard let runner = HostAPI.runner(ctx), let key = HostAPI.string(key) else { return PACER_E_INVALID_ARG }
            runner.outputs.put(key, value)
            return PACER_OK
        }
        api.ctx_output_samples = { ctx in Int64(HostAPI.runner(ctx)?.outputs.numSamples ?? 0) }
        api.ctx_param_count = { ctx in UInt32(PluginContext.from(ctx)?.parameters().count ?? 0) }
        api.ctx_param_at = { ctx, index, out in
            guard let context = PluginContext.from(ctx), let out else { return PACER_E_INVALID_ARG }
            let views = context.parameters()
            guard Int(index) < views.count else { return PACER_E_NOT_FOUND }
            return TensorView.write(views[Int(index)], to: out)
        }
        api.ctx_request_stop = { ctx, reason in
            HostAPI.runner(ctx)?.requestStop(reason: HostAPI.string(reason) ?? "a plugin asked to stop")
        }
        installOptimizerFunctions(&api)
        api.ctx_dist_info = { ctx, rank, worldSize in
            guard let runner = HostAPI.runner(ctx) else { return PACER_E_INVALID_ARG }
            rank?.pointee = Int32(runner.rank)
            worldSize?.pointee = Int32(runner.worldSize)
            return PACER_OK
        }
    }

    /// ABI 1.1: what LR, momentum and optimizer-hook plugins need.
    private static func installOptimizerFunctions(_ api: inout pacer_host_api) {
        api.ctx_set_lr = { ctx, group, lr in
            HostAPI.setGroupValue(ctx, group, lr) { $0.lr = $1 }
        }
        api.ctx_set_momentum = { ctx, group, momentum in
            HostAPI.setGroupValue(ctx, group, momentum) { $0.momentum = $1 }
        }
        api.ctx_initial_lr = { ctx, group in
            guard let groups = HostAPI.runner(ctx)?.optimizer?.paramGroups, Int(group) < groups.count else { return 0 }
            return groups[Int(group)].initialLR
        }
        api.ctx_optimizer_step = { ctx, err in
            guard let runner = HostAPI.runner(ctx) else { return PACER_E_INVALID_ARG }
            guard let optimizer = runner.optimizer, runner.mode == "train" else {
                if let err { ErrorSlot.from(err).set("ctx_optimizer_step needs an optimizer and a train iteration") }
                return PACER_E_STATE
            }
            do {
                try optimizer.step()
                return PACER_OK
            } catch {
                if let err { ErrorSlot.from(err).set("the optimizer \(optimizer.typeName) failed: \(error)") }
                return PACER_E_FAILED
            }
        }
    }

    /// Sets one hyper-parameter of group `group` when `value` is finite and
    /// not negative.
    private static func setGroupValue(_ ctx: OpaquePointer?, _ group: UInt32, _ value: Double,
                                      _ set: (inout ParamGroup, Double) -> Void) -> pacer_status {
        guard let optimizer = HostAPI.runner(ctx)?.optimizer else { return PACER_E_NOT_FOUND }
        guard value.isFinite, value >= 0 else { return PACER_E_INVALID_ARG }
        guard Int(group) < optimizer.paramGroups.count else { return PACER_E_NOT_FOUND }
        set(&optimizer.paramGroups[Int(group)], value)
        return PACER_OK
    }

    static func modeCode(_ mode: String?) -> UInt32 {
        switch mode {
        case nil: return UInt32(PACER_MODE_NONE)
        case "train": return UInt32(PACER_MODE_TRAIN)
        case "val": return UInt32(PACER_MODE_VAL)
        default: return UInt32(PACER_MODE_OTHER)
        }
    }
}
