#if canImport(Glibc)
import Glibc
#endif

/// Wall time spent in each hook at each stage and in the model's steps,
/// for `pacer train --profile-hooks`: set a runner's `hookProfile` before
/// the run and print `table(wallSeconds:)` after it. A runner without one
/// (the default) measures nothing.
public final class HookProfile {
    private struct Key: Hashable {
        let name: String
        let stage: String
    }

    private var rows: [Key: (calls: Int, nanoseconds: UInt64)] = [:]

    /// An empty profile.
    public init() {}

    /// A monotonic clock reading in nanoseconds.
    @inline(__always)
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Counts one call of `name` at `stage` that started at `start` (a `now()` reading).
    public func add(_ name: String, stage: String, since start: UInt64) {
        let elapsed = Self.now() &- start
        let key = Key(name: name, stage: stage)
        let row = rows[key] ?? (0, 0)
        rows[key] = (row.calls + 1, row.nanoseconds + elapsed)
    }

    /// Runs `body`, adding its time to `name` at `stage` when a profile is active.
    @inline(__always)
    public func measure<T>(_ name: String, stage: String, _ body: () throws -> T) rethrows -> T {
        let start = Self.now()
        defer { add(name, stage: stage, since: start) }
        return try body()
    }

    /// The table, slowest first: name, stage, calls, total seconds, mean
    /// milliseconds and share of `wallSeconds`.
    public func table(wallSeconds: Double) -> String {
        let sorted = rows.sorted { $0.value.nanoseconds > $1.value.nanoseconds }
        var lines = [["HOOK", "STAGE", "CALLS", "TOTAL s", "MEAN ms", "SHARE"]]
        for (key, row) in sorted {
            let seconds = Double(row.nanoseconds) / 1e9
            lines.append([key.name, key.stage, String(row.calls), format("%.3f", seconds),
                          format("%.3f", seconds * 1000 / Double(max(row.calls, 1))),
                          format("%.1f%%", wallSeconds > 0 ? seconds / wallSeconds * 100 : 0)])
        }
        let widths = (0..<6).map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { line in
            line.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column < 2 ? text + pad : pad + text
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private func format(_ pattern: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, pattern, $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
