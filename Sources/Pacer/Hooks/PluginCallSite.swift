#if canImport(Glibc)
import Glibc
#endif

/// Which plugin function the runner thread is inside, so that a plugin
/// that crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, abort) or calls `exit()`
/// is reported in one line naming the plugin type, its file and the hook
/// point or model step: `error: plugin crashed with SIGSEGV: hook EMAHook
/// (/path/libPacerEMAHook.so) in after_train_iter`. The dispatcher sets
/// `current` around each call; `installReports()` installs the signal and
/// exit handlers that read it.
public enum PluginCallSite {
    /// Where the label of the plugin call in progress on the runner thread
    /// is kept (nil outside plugin calls): allocated once, so the dispatcher
    /// keeps the pointer and each call costs two stores. Written only by the
    /// runner thread; read by the crash and exit handlers.
    nonisolated(unsafe) public static let slot: UnsafeMutablePointer<UnsafePointer<CChar>?> = {
        let slot = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        return slot
    }()

    /// The label of the plugin call in progress on the runner thread, or nil.
    public static var current: UnsafePointer<CChar>? {
        get { slot.pointee }
        set { slot.pointee = newValue }
    }

    /// A label for calls of `function` of plugin `type` in `file`
    /// (`hook EMAHook (/path/lib.so) in after_train_iter`), in memory that
    /// is never freed, as a crash report may read it at any time.
    public static func label(kind: String, type: String, file: String, function: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup("\(kind) \(type) (\(file)) in \(function)")!)
    }

    /// Runs `body` with `label` as the current call.
    @inline(__always)
    public static func calling<T>(_ label: UnsafePointer<CChar>, _ body: () throws -> T) rethrows -> T {
        let outer = current
        current = label
        defer { current = outer }
        return try body()
    }

    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var previous: [sigaction] = Array(repeating: sigaction(), count: 32)
    private static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT]

    /// Installs, once per process, the crash handlers and the exit handler
    /// that report a plugin in `current`. A crash outside any plugin goes
    /// to the handler that was there before (the Swift runtime's).
    public static func installReports() {
        guard !installed else { return }
        installed = true
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in PluginCallSite.crashed(signal) }
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, &previous[Int(signal)])
        }
        atexit {
            guard let site = PluginCallSite.current else { return }
            Console.errorSignalSafe("error: plugin called exit(): ")
            Console.errorSignalSafe(site)
            Console.errorSignalSafe("; the run stopped there, exit status 1; every file it wrote before is intact\n")
            _exit(1)
        }
    }

    /// The crash handler: async-signal-safe writes only.
    private static func crashed(_ signal: Int32) {
        guard let site = current else {
            sigaction(signal, &previous[Int(signal)], nil)
            raise(signal)
            return
        }
        let name: StaticString = switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGILL: "SIGILL"
        default: "SIGABRT"
        }
        Console.errorSignalSafe("error: plugin crashed with ")
        Console.errorSignalSafe(name)
        Console.errorSignalSafe(": ")
        Console.errorSignalSafe(site)
        Console.errorSignalSafe("; the run stopped there and every file it wrote before is intact\n")
        raise(signal)
    }
}
