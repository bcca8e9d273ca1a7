import CPacer

/// The runner as a hook sees it during one call: MMCV's `runner` argument.
///
/// A thin layer over the host's accessors; host strings are copied into
/// Swift strings. Valid only during the hook call that received it.
public struct RunnerContext {
    /// The host's function table, for ABI functions the kit does not wrap.
    public let api: UnsafePointer<pacer_host_api>
    /// The opaque `pacer_ctx *` of this call.
    public let handle: OpaquePointer
    /// The opaque `pacer_error *` of this call, where the host reports a
    /// failure of ``stepOptimizer()``; nil outside a hook call.
    public let error: OpaquePointer?

    /// Wraps the handles of one hook call.
    public init(api: UnsafePointer<pacer_host_api>, handle: OpaquePointer, error: OpaquePointer? = nil) {
        self.api = api
        self.handle = handle
        self.error = error
    }

    /// The host's context-free services (name, version, any-thread log).
    public var host: Host { Host(api: api) }

    /// The counters: mode, epoch, iter, innerIter, budgets, loader length.
    /// Throws if the host refuses (a host bug).
    public var info: RunnerInfo {
        get throws {
            var raw = pacer_ctx_info()
            raw.struct_size = UInt32(MemoryLayout<pacer_ctx_info>.size)
            let status = api.pointee.ctx_get_info!(handle, &raw)
            guard status == PACER_OK else {
                throw PluginFailure("the host's ctx_get_info failed with status \(status)",
                                    status: PluginStatus(rawValue: status))
            }
            return RunnerInfo(raw)
        }
    }

    /// The current workflow mode's name: `"train"`, `"val"` or a custom one.
    public var modeName: String { CStrings.string(api.pointee.ctx_mode_name!(handle)) }

    /// The absolute path of the work directory.
    public var workDir: String { CStrings.string(api.pointee.ctx_work_dir!(handle)) }

    /// The run's timestamp (`YYYYmmdd_HHMMSS`), which names the log files.
    public var timestamp: String { CStrings.string(api.pointee.ctx_timestamp!(handle)) }

    /// The number of optimizer parameter groups; 0 without an optimizer.
    public var groupCount: Int { Int(api.pointee.ctx_group_count!(handle)) }

    /// The current learning rate of parameter group `group`; 0 past the end.
    public func learningRate(group: Int = 0) -> Double {
        api.pointee.ctx_lr!(handle, UInt32(truncatingIfNeeded: group))
    }

    /// The current momentum of parameter group `group` (beta1 for Adam-style
    /// optimizers, 0 when there is none).
    public func momentum(group: Int = 0) -> Double {
        api.pointee.ctx_momentum!(handle, UInt32(truncatingIfNeeded: group))
    }

    /// An output of the last train or val step (`"loss"` or a variable the
    /// model reported), or nil when absent.
    public func output(_ key: String) -> Double? {
        var value = 0.0
        let status = key.withCString { api.pointee.ctx_output_get!(handle, $0, &value) }
        return status == PACER_OK ? value : nil
    }

    /// The number of samples of the last step.
    public var outputSamples: Int { Int(api.pointee.ctx_output_samples!(handle)) }

    /// The runner's log buffer (MMCV's `runner.log_buffer`).
    public var logBuffer: LogBuffer { LogBuffer(api: api, handle: handle) }

    /// The number of trainable parameters of the model.
    public var parameterCount: Int { Int(api.pointee.ctx_param_count!(handle)) }

    /// The trainable parameter at `index`, in the model's order.
    public func parameter(at index: Int) throws -> ParameterView {
        var raw = pacer_tensor()
        raw.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
        let status = api.pointee.ctx_param_at!(handle, UInt32(truncatingIfNeeded: index), &raw)
        guard status == PACER_OK else {
            throw PluginFailure("the host's ctx_param_at(\(index)) failed with status \(status)",
                                status: PluginStatus(rawValue: status))
        }
        return try ParameterView(raw)
    }

    /// Every trainable parameter, in the model's order.
    public var parameters: [ParameterView] {
        get throws { try (0..<parameterCount).map { try parameter(at: $0) } }
    }

    /// Asks the runner to stop cleanly after the current iteration (early
    /// stopping); `reason` is shown to the user.
    public func requestStop(reason: String) {
        reason.withCString { api.pointee.ctx_request_stop!(handle, $0) }
    }

    /// Writes one line to the runner's log at `level`.
    public func log(level: LogLevel = .info, _ message: String) {
        host.log(level: level, message)
    }
}
