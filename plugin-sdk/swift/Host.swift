// @preconcurrency: Glibc's `stdout` is a C global variable, which Swift 6
// refuses to read without it; only a host lacking console_print reaches it.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import CPacer

/// The host's services that need no runner: its name and version and its
/// log. Reach it through ``RunnerContext/host`` or ``PluginConfig/host``; it
/// may be kept and used from any thread for the life of the process.
public struct Host: @unchecked Sendable {
    // @unchecked: the only stored value is the host's function table, which
    // the ABI guarantees stays valid and unchanged for the life of the
    // process, and the functions this type calls (`log`) are [any-thread].

    /// The host's function table, for ABI functions the kit does not wrap.
    public let api: UnsafePointer<pacer_host_api>

    /// Wraps the table the host passed to `create`.
    public init(api: UnsafePointer<pacer_host_api>) { self.api = api }

    /// The host's name, e.g. `"pacer"`.
    public var name: String { CStrings.string(api.pointee.host_name) }
    /// The host's version.
    public var version: String { CStrings.string(api.pointee.host_version) }
    /// The ABI major the host implements.
    public var abiMajor: Int { Int(api.pointee.abi_major) }
    /// The ABI minor the host implements; check it before using a function
    /// added after 1.0.
    public var abiMinor: Int { Int(api.pointee.abi_minor) }

    /// Writes one line to the runner's log at `level` (the host copies it).
    public func log(level: LogLevel = .info, _ message: String) {
        message.withCString { api.pointee.log!(level.rawValue, $0) }
    }

    /// Writes `line` as is to the runner's standard output through the
    /// host's console (`console_print`, ABI 1.1): whole, in order with the
    /// host's lines and above its progress bar; not copied into the work
    /// dir's `.log`. On a host without it, to `stdout` directly.
    public func print(_ line: String) {
        if let consolePrint = try? HostAPICheck.function(\.console_print, named: "console_print", addedIn: 1, in: api) {
            line.withCString { consolePrint($0) }
        } else {
            fputs(line + "\n", stdout)
            fflush(stdout)
        }
    }
}
