#if canImport(Glibc)
import Glibc
#endif
import CPacer
import Pacer

/// The one `pacer_host_api` table handed to every plugin's create(). It is
/// built once and lives for the process. Every function is a non-capturing
/// C function that recovers host objects from the opaque handles.
enum HostAPI {
    /// The table.
    nonisolated(unsafe) static let table: UnsafePointer<pacer_host_api> = {
        let pointer = UnsafeMutablePointer<pacer_host_api>.allocate(capacity: 1)
        pointer.initialize(to: make())
        return UnsafePointer(pointer)
    }()

    private static func make() -> pacer_host_api {
        var api = pacer_host_api()
        api.struct_size = UInt32(MemoryLayout<pacer_host_api>.size)
        api.abi_major = HostABI.major
        api.abi_minor = HostABI.minor
        api.host_name = UnsafePointer(strdup("pacer"))
        api.host_version = UnsafePointer(strdup(PacerVersion.string))
        api.log = { level, message in
            let prefix = ["debug", "info", "warning", "error"][Int(max(0, min(3, level)))]
            let text = message.map { String(cString: $0) } ?? ""
            Console.error("[plugin \(prefix)] \(text)")
        }
        api.console_print = { line in
            Console.outUntranscribed(line.map { String(cString: $0) } ?? "")
        }
        api.error_set = { error, _, message in
            guard let error else { return }
            ErrorSlot.from(error).set(message.map { String(cString: $0) } ?? "")
        }
        installRunnerFunctions(&api)
        installLogBufferFunctions(&api)
        installConfigFunctions(&api)
        installStateFunctions(&api)
        return api
    }

    /// The runner of the context, or nil for a NULL or stale handle.
    static func runner(_ ctx: OpaquePointer?) -> Runner? { PluginContext.from(ctx)?.runner }

    /// A Swift string from a C argument, or nil for NULL.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
}
