#if canImport(Glibc)
import Glibc
#endif

/// Whole lines to standard output or standard error, written with one
/// `write(2)` each so lines from plugins and the host never interleave
/// mid-line.
public enum Console {
    /// A file (opened for appending) that also receives every line, or -1.
    /// Set only while one thread runs: before a run starts and after it ends.
    nonisolated(unsafe) private static var transcript: Int32 = -1

    /// This process's rank in a distributed run of more than one process,
    /// else nil (the default). Every standard error line then starts with
    /// `rank R: `, and standard output is silent on ranks other than 0
    /// (rank 0 tells the story, as MMCV's loggers do). Set once, before
    /// the run starts any thread.
    nonisolated(unsafe) public static var distributedRank: Int?

    /// Writes `line` and a newline to standard output (and the transcript).
    public static func out(_ line: String) {
        if (distributedRank ?? 0) == 0 { emit(line + "\n", to: STDOUT_FILENO) }
    }

    /// Writes `line` and a newline to standard error (and the transcript).
    public static func error(_ line: String) {
        emit((distributedRank.map { "rank \($0): " } ?? "") + line + "\n", to: STDERR_FILENO)
    }

    /// Also appends every later line to the open file `descriptor` (a run's
    /// `.log`), until `stopTranscript()`; the caller keeps ownership of it.
    /// Call it before the run starts any thread.
    public static func startTranscript(_ descriptor: Int32) { transcript = descriptor }

    /// Stops copying lines to the transcript. Call it after the run ends.
    public static func stopTranscript() { transcript = -1 }

    /// Writes `text` to standard error (and the transcript) with nothing
    /// but write(2): callable from a signal handler.
    public static func errorSignalSafe(_ text: StaticString) {
        rawWrite(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Writes the C string `text` like `errorSignalSafe(_: StaticString)`.
    public static func errorSignalSafe(_ text: UnsafePointer<CChar>) {
        text.withMemoryRebound(to: UInt8.self, capacity: strlen(text)) { rawWrite($0, count: strlen(text)) }
    }

    private static func rawWrite(_ bytes: UnsafePointer<UInt8>, count: Int) {
        rawWrite(bytes, count: count, to: STDERR_FILENO)
        if transcript >= 0 { rawWrite(bytes, count: count, to: transcript) }
    }

    private static func rawWrite(_ bytes: UnsafePointer<UInt8>, count: Int, to descriptor: Int32) {
        var offset = 0
        while offset < count {
            let written = Glibc.write(descriptor, bytes + offset, count - offset)
            if written <= 0 { return }
            offset += written
        }
    }

    private static func emit(_ text: String, to descriptor: Int32) {
        write(text, to: descriptor)
        if transcript >= 0 { write(text, to: transcript) }
    }

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
