import CPacer
import Pacer

extension HostAPI {
    static func installLogBufferFunctions(_ api: inout pacer_host_api) {
        api.log_update = { ctx, key, value, count in
            guard let runner = HostAPI.runner(ctx), let key = HostAPI.string(key) else { return PACER_E_INVALID_ARG }
            runner.logBuffer.update(key, value, count: Int(count))
            return PACER_OK
        }
        api.log_average = { ctx, last in HostAPI.runner(ctx)?.logBuffer.average(last: Int(last)) }
        api.log_ready = { ctx in (HostAPI.runner(ctx)?.logBuffer.ready ?? false) ? 1 : 0 }
        api.log_output_count = { ctx in UInt32(HostAPI.runner(ctx)?.logBuffer.output.count ?? 0) }
        api.log_output_at = { ctx, index, key, value in
            guard let context = PluginContext.from(ctx), let output = context.runner?.logBuffer.output
            else { return PACER_E_INVALID_ARG }
            guard Int(index) < output.count else { return PACER_E_NOT_FOUND }
            let entry = output[Int(index)]
            key?.pointee = context.strings.pointer(entry.key)
            value?.pointee = entry.value
            return PACER_OK
        }
        api.log_output_put = { ctx, key, value in
            guard let runner = HostAPI.runner(ctx), let key = HostAPI.string(key) else { return PACER_E_INVALID_ARG }
            runner.logBuffer.setOutput(key, value)
            return PACER_OK
        }
        api.log_clear_output = { ctx in HostAPI.runner(ctx)?.logBuffer.clearOutput() }
        api.log_clear = { ctx in HostAPI.runner(ctx)?.logBuffer.clear() }
    }
}
