#if canImport(Glibc)
import Glibc
#endif

/// Whole lines to standard output or standard error, written with one
/// `write(2)` each so lines from plugins and the host never interleave
/// mid-line.
public enum Console {
    /// Writes `line` and a newline to standard output.
    public static func out(_ line: String) { write(line + "\n", to: STDOUT_FILENO) }

    /// Writes `line` and a newline to standard error.
    public static func error(_ line: String) { write(line + "\n", to: STDERR_FILENO) }

    /// Makes SIGPIPE and SIGXFSZ fail the write that caused them (EPIPE,
    /// EFBIG) instead of ending the process, so a closed pipe or a
    /// file-size limit reads like a full disk: one line, nothing lost.
    /// Evaluated once, before the first line or file is written.
    public static let writeErrorsInsteadOfSignals: Void = {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }()

    private static func write(_ text: String, to descriptor: Int32) {
        _ = writeErrorsInsteadOfSignals
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count <= 0 { return }
            offset += count
        }
    }
}
