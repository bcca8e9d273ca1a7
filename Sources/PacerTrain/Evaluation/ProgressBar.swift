import Foundation
import Pacer

/// MMCV's `ProgressBar` on standard error, for evaluation and `pacer test`:
/// on a terminal (`isatty`, `TERM` not `dumb`) one line redrawn in place,
/// `[>>>>   ] 32/128, 812.3 task/s, elapsed: 0s, ETA:     0s`, as wide as
/// `COLUMNS` or the terminal allows; in a pipe or a file, a plain line at
/// each tenth of the work instead, once the work has lasted more than a
/// moment (`PACER_PROGRESS_AFTER` seconds, 1 by default), so quick
/// evaluations add nothing to a script's output. It never reaches the
/// run's `.log`.
final class ProgressBar {
    /// MMCV's default bar width.
    static let barWidth = 50

    private let label: String
    private let total: Int
    private let start = Date()
    private let terminalWidth: Int?
    private var completed = 0
    private var tenthsShown = 0
    /// Seconds before plain lines start.
    private let quietSeconds: Double

    /// A bar for `total` tasks (samples); `label` starts each plain line.
    init(label: String, total: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        self.total = max(total, 1)
        terminalWidth = Self.terminalWidth(environment)
        quietSeconds = environment["PACER_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        if let width = terminalWidth {
            let empty = String(repeating: " ", count: min(Self.barWidth, max(2, Int(Double(width) * 0.6))))
            Self.write("[\(empty)] 0/\(self.total), elapsed: 0s, ETA:")
        }
    }

    /// Counts `count` more finished tasks and redraws (or prints the line of
    /// a tenth just passed).
    func update(_ count: Int) {
        completed = min(completed + count, total)
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(completed) / elapsed : .infinity
        let fraction = Double(completed) / Double(total)
        let eta = fraction > 0 ? Int(elapsed * (1 - fraction) / fraction + 0.5) : 0
        let etaText = String(repeating: " ", count: max(0, 5 - String(eta).count)) + String(eta)
        let message = "\(completed)/\(total), \(String(format: "%.1f", rate)) task/s, "
            + "elapsed: \(Int(elapsed + 0.5))s, ETA: \(etaText)s"
        if let width = terminalWidth {
            let bar = max(2, min(Self.barWidth, width - message.count - 4, Int(Double(width) * 0.6)))
            let marks = Int(Double(bar) * fraction)
            Self.write("\r[" + String(repeating: ">", count: marks) + String(repeating: " ", count: bar - marks)
                       + "] " + message)
            if completed == total { Self.write("\n") }
        } else {
            let tenths = completed * 10 / total
            guard tenths > tenthsShown, elapsed >= quietSeconds else { return }
            tenthsShown = tenths
            Self.write("[\(label)] \(Int(fraction * 100))% \(message)\n")
        }
    }

    /// The width to draw in, or nil when standard error is no terminal.
    private static func terminalWidth(_ environment: [String: String]) -> Int? {
        guard isatty(STDERR_FILENO) != 0, environment["TERM"] != "dumb" else { return nil }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
