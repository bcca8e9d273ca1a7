#if canImport(Glibc)
import Glibc
#endif

/// MMCV's `ProgressBar`, for work counted in tasks (samples, files,
/// bytes): evaluation, `pacer test`, and data preparation that takes more
/// than a moment. On a terminal (see ``Console/statusWidth()``) it is the
/// console's status line, redrawn in place,
/// `[>>>>   ] 32/128, 812.3 task/s, elapsed: 0s, ETA:     0s`, as wide as
/// the terminal allows, with lines printed meanwhile above it; in a pipe
/// or a file it is a plain line at each tenth of the work instead, once
/// the work has lasted more than a moment (`PACER_PROGRESS_AFTER` seconds,
/// 1 by default), so quick work adds nothing to a script's output. It
/// never reaches the run's `.log`. Use it from one thread.
///
/// ```swift
/// let bar = ProgressBar(label: "scan", total: files.count, quietAtFirst: true)
/// for file in files { try readHeader(file); bar.update() }
/// ```
public final class ProgressBar {
    /// MMCV's default bar width.
    static let barWidth = 50

    private let label: String
    private var total: Int
    private let start = HookProfile.now()
    private let terminalWidth: Int?
    /// Seconds before anything is shown: plain lines always wait, a
    /// terminal bar waits when asked to.
    private let quietSeconds: Double
    private let quietOnTerminal: Bool
    private var completed = 0
    private var tenthsShown = 0
    private var drawn = false

    /// A bar for `total` tasks; `label` starts each plain line
    /// (`[label] 50% ...`). With `quietAtFirst` a terminal bar also waits a
    /// moment before it appears (for work that is usually quick, like
    /// reading a dataset); without it the empty bar is drawn at once, as
    /// MMCV's is.
    public init(label: String, total: Int, quietAtFirst: Bool = false) {
        self.label = label
        self.total = max(total, 1)
        terminalWidth = Console.statusWidth()
        quietSeconds = getenv("PACER_PROGRESS_AFTER").flatMap { Double(String(cString: $0)) } ?? 1
        quietOnTerminal = quietAtFirst
        if let width = terminalWidth, !quietAtFirst {
            // MMCV's empty bar, narrowed so the line fits with a column to spare (MMCV's wraps on a narrow terminal).
            let tail = " 0/\(self.total), elapsed: 0s, ETA:"
            let bar = max(2, min(Self.barWidth, Int(Double(width) * 0.6), width - 3 - tail.count))
            Console.showStatus("[" + String(repeating: " ", count: bar) + "]" + tail)
            drawn = true
        }
    }

    /// Ends the bar on the terminal if the work stopped before it was done.
    deinit {
        if drawn && completed < total { Console.endStatus() }
    }

    /// Counts `count` more finished tasks and redraws (or prints the line of
    /// a tenth just passed).
    public func update(_ count: Int = 1) {
        completed = min(completed + count, total)
        let elapsed = Double(HookProfile.now() - start) / 1e9
        let fraction = Double(completed) / Double(total)
        if let width = terminalWidth {
            guard drawn || !quietOnTerminal || elapsed >= quietSeconds else { return }
            let message = Self.message(completed: completed, total: total, elapsed: elapsed, fraction: fraction)
            let bar = max(2, min(Self.barWidth, width - message.count - 4, Int(Double(width) * 0.6)))
            let marks = Int(Double(bar) * fraction)
            Console.showStatus("[" + String(repeating: ">", count: marks) + String(repeating: " ", count: bar - marks)
                               + "] " + message)
            drawn = true
            if completed == total { Console.endStatus() }
        } else {
            let tenths = completed * 10 / total
            guard tenths > tenthsShown, elapsed >= quietSeconds, Console.tellsTheStory else { return }
            tenthsShown = tenths
            let message = Self.message(completed: completed, total: total, elapsed: elapsed, fraction: fraction)
            Console.emit("[\(label)] \(Int(fraction * 100))% \(message)", to: STDERR_FILENO, transcribed: false)
        }
    }

    /// Ends the work where it stands (a file that ended before `total`
    /// bytes), showing it complete.
    public func finish() {
        guard completed < total else { return }
        total = max(completed, 1)
        completed = total - 1
        update(1)
    }

    /// MMCV's `{completed}/{total}, {fps:.1f} task/s, elapsed: {s}s, ETA: {eta:5}s`.
    private static func message(completed: Int, total: Int, elapsed: Double, fraction: Double) -> String {
        let rate = elapsed > 0 ? oneDecimal(Double(completed) / elapsed) : "inf"
        let eta = fraction > 0 ? Int(elapsed * (1 - fraction) / fraction + 0.5) : 0
        let etaText = String(repeating: " ", count: max(0, 5 - String(eta).count)) + String(eta)
        return "\(completed)/\(total), \(rate) task/s, elapsed: \(Int(elapsed + 0.5))s, ETA: \(etaText)s"
    }

    /// `value` with one decimal, as Python's `{:.1f}`.
    private static func oneDecimal(_ value: Double) -> String {
        guard value < 1e15 else { return "inf" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
