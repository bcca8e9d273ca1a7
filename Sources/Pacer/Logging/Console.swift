#if canImport(Glibc)
import Glibc
#endif

/// The one way Pacer's output reaches the terminal: the runner, the
/// built-in hooks and the plugins (their `log` and `console_print` host
/// calls) all write whole lines here. Each line goes out with one
/// `write(2)` under one lock, so lines from several threads never
/// interleave mid-line; a copy goes to the run's `.log` (the transcript).
/// On a terminal the console also keeps one status line at the bottom (a
/// ``ProgressBar`` or the training bar): a line printed while it is shown
/// goes above it, and the status line is drawn again below, untorn.
public enum Console {
    /// A file (opened for appending) that also receives every line, or -1.
    /// Set only while one thread runs: before a run starts and after it ends.
    nonisolated(unsafe) private static var transcript: Int32 = -1
    /// The status line shown on standard error, empty when none is.
    nonisolated(unsafe) private static var status: [UInt8] = []
    /// Whether a status line is shown, for the signal handlers.
    nonisolated(unsafe) private static var statusShown = false
    /// Serialises writes and the status line (plugins log from any thread).
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()
    /// Erases the rest of the terminal line (ANSI "erase in line").
    private static let eraseToEnd = Array("\u{1B}[K".utf8)

    // MARK: Lines

    /// This process's rank in a distributed run of more than one process,
    /// else nil (the default). Every standard error line then starts with
    /// `rank R: `, and standard output is silent on ranks other than 0
    /// (rank 0 tells the story, as MMCV's loggers do). Set once, before
    /// the run starts any thread.
    nonisolated(unsafe) public static var distributedRank: Int?

    /// Whether this process tells the run's story: a single process, or
    /// rank 0 of a distributed run. Others print only their error lines.
    public static var tellsTheStory: Bool { (distributedRank ?? 0) == 0 }

    /// Writes `line` and a newline to standard output (and the transcript).
    public static func out(_ line: String) {
        if tellsTheStory { emit(line, to: STDOUT_FILENO, transcribed: true) }
    }

    /// Writes `line` and a newline to standard error (and the transcript).
    public static func error(_ line: String) {
        emit((distributedRank.map { "rank \($0): " } ?? "") + line, to: STDERR_FILENO, transcribed: true)
    }

    /// Writes `line` and a newline to standard output but not to the
    /// transcript: for a logger that writes the run's `.log` itself.
    public static func outUntranscribed(_ line: String) {
        if tellsTheStory { emit(line, to: STDOUT_FILENO, transcribed: false) }
    }

    /// Writes `line` to `descriptor`, above the status line if one is shown
    /// on the same terminal, and to the transcript when `transcribed`.
    static func emit(_ line: String, to descriptor: Int32, transcribed: Bool) {
        _ = writeErrorsInsteadOfSignals
        let bytes = Array((line + "\n").utf8)
        locked {
            let covered = !status.isEmpty && isatty(descriptor) != 0
            if covered { write(Array("\r".utf8) + eraseToEnd, to: STDERR_FILENO) }
            write(bytes, to: descriptor)
            if covered { write(status, to: STDERR_FILENO) }
            if transcribed && transcript >= 0 { write(bytes, to: transcript) }
        }
    }

    // MARK: The transcript

    /// Also appends every later line to the open file `descriptor` (a run's
    /// `.log`), until `stopTranscript()`; the caller keeps ownership of it.
    /// Call it before the run starts any thread.
    public static func startTranscript(_ descriptor: Int32) { transcript = descriptor }

    /// Stops copying lines to the transcript. Call it after the run ends.
    public static func stopTranscript() { transcript = -1 }

    // MARK: The status line

    /// The width a status line may take, or nil when none may be drawn:
    /// standard error is no terminal (`isatty`), `TERM` is `dumb`, or this
    /// is a rank other than 0. The width is `COLUMNS` when set, else the
    /// terminal's, else 80.
    public static func statusWidth() -> Int? {
        guard tellsTheStory, isatty(STDERR_FILENO) != 0, environment("TERM") != "dumb" else {
            return nil
        }
        if let columns = environment("COLUMNS").flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Shows `text` (one line, fitted to ``statusWidth()`` by the caller)
    /// as the status line on standard error, in place of the one shown.
    /// Call it only when ``statusWidth()`` is not nil.
    public static func showStatus(_ text: String) {
        locked {
            let replacing = !status.isEmpty
            status = Array(text.utf8)
            statusShown = true
            write(replacing ? Array("\r".utf8) + status + eraseToEnd : status, to: STDERR_FILENO)
        }
    }

    /// Ends the status line where it stands: the last text shown stays on
    /// the terminal and later lines start below it.
    public static func endStatus() {
        locked {
            guard !status.isEmpty else { return }
            status = []
            statusShown = false
            write(Array("\n".utf8), to: STDERR_FILENO)
        }
    }

    // MARK: Signal handlers

    /// Writes `text` to standard error (and the transcript) with nothing
    /// but write(2): callable from a signal handler. The first call after a
    /// status line was drawn starts a new line below it.
    public static func errorSignalSafe(_ text: StaticString) {
        rawWrite(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Writes the C string `text` like `errorSignalSafe(_: StaticString)`.
    public static func errorSignalSafe(_ text: UnsafePointer<CChar>) {
        text.withMemoryRebound(to: UInt8.self, capacity: strlen(text)) { rawWrite($0, count: strlen(text)) }
    }

    private static func rawWrite(_ bytes: UnsafePointer<UInt8>, count: Int) {
        if statusShown {
            statusShown = false
            var newline: UInt8 = 10
            rawWrite(&newline, count: 1, to: STDERR_FILENO)
        }
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

    // MARK: Writing

    /// Makes SIGPIPE and SIGXFSZ fail the write that caused them (EPIPE,
    /// EFBIG) instead of ending the process, so a closed pipe or a
    /// file-size limit reads like a full disk: one line, nothing lost.
    /// Evaluated once, before the first line or file is written.
    public static let writeErrorsInsteadOfSignals: Void = {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }()

    private static func locked(_ body: () -> Void) {
        pthread_mutex_lock(lock)
        body()
        pthread_mutex_unlock(lock)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        _ = writeErrorsInsteadOfSignals
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            rawWrite(base, count: buffer.count, to: descriptor)
        }
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
