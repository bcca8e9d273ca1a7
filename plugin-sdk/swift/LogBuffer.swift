import CPacer

/// The runner's log buffer, MMCV's `LogBuffer`: per-key histories of logged
/// values, and an "output" of averages that loggers print. Reach it through
/// ``RunnerContext/logBuffer``; valid during the hook call only.
public struct LogBuffer {
    /// The host's function table.
    let api: UnsafePointer<pacer_host_api>
    /// The `pacer_ctx *` of the current call.
    let handle: OpaquePointer

    /// Appends `value` with weight `count` to the history of `key`
    /// (MMCV's `update({key: value}, count)`).
    public func update(_ key: String, _ value: Double, count: Int = 1) throws {
        let status = key.withCString { api.pointee.log_update!(handle, $0, value, Int64(count)) }
        guard status == PACER_OK else {
            throw PluginFailure("the host's log_update('\(key)') failed with status \(status)",
                                status: PluginStatus(rawValue: status))
        }
    }

    /// Averages the last `n` entries of every history, weighted by count,
    /// into the output and marks it ready; `n <= 0` averages all (MMCV's
    /// `average(n)`).
    public func average(last n: Int = 0) {
        api.pointee.log_average!(handle, Int64(n))
    }

    /// True when the output holds averages not yet cleared (MMCV's `ready`).
    public var isReady: Bool { api.pointee.log_ready!(handle) != 0 }

    /// The number of keys in the output.
    public var outputCount: Int { Int(api.pointee.log_output_count!(handle)) }

    /// The output's keys and values, in first-insertion order (MMCV's
    /// `output.items()`). Keys are copied.
    public var output: [(key: String, value: Double)] {
        let count = api.pointee.log_output_count!(handle)
        var items: [(key: String, value: Double)] = []
        items.reserveCapacity(Int(count))
        for index in 0..<count {
            var key: UnsafePointer<CChar>? = nil
            var value = 0.0
            if api.pointee.log_output_at!(handle, index, &key, &value) == PACER_OK, let key {
                items.append((key: String(cString: key), value: value))
            }
        }
        return items
    }

    /// Sets one output value directly (MMCV's `output[key] = value`).
    public func put(_ key: String, _ value: Double) throws {
        let status = key.withCString { api.pointee.log_output_put!(handle, $0, value) }
        guard status == PACER_OK else {
            throw PluginFailure("the host's log_output_put('\(key)') failed with status \(status)",
                                status: PluginStatus(rawValue: status))
        }
    }

    /// Clears the output and its ready mark (MMCV's `clear_output()`).
    public func clearOutput() { api.pointee.log_clear_output!(handle) }

    /// Clears the histories and the output (MMCV's `clear()`).
    public func clear() { api.pointee.log_clear!(handle) }
}
