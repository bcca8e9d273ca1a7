#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PacerPluginKit

/// A text file opened for appending, written one flushed line at a time,
/// so that every line already logged survives a crash.
final class LogFile {
    /// The file's path, for messages.
    let path: String
    private var stream: UnsafeMutablePointer<FILE>?

    /// Opens `path` for appending, creating it if needed.
    init(appendingTo path: String) throws {
        self.path = path
        guard let stream = fopen(path, "a") else {
            throw PluginFailure(
                "TextLoggerHook: cannot open '\(path)' for appending: \(Self.lastError())",
                status: .io)
        }
        self.stream = stream
    }

    deinit { close() }

    /// Appends `line` and a newline, and flushes.
    func write(line: String) throws {
        guard let stream else { return }
        guard fputs(line + "\n", stream) >= 0, fflush(stream) == 0 else {
            throw PluginFailure("TextLoggerHook: cannot write to '\(path)': \(Self.lastError())",
                                status: .io)
        }
    }

    /// Closes the file; later writes do nothing.
    func close() {
        if let stream { fclose(stream) }
        stream = nil
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
