#if canImport(Glibc)
import Glibc
#endif

/// Timing by the CPU time of the calling thread: on a machine shared with
/// other work, time spent descheduled is not counted, while everything the
/// thread itself does (cache misses after a switch included) is.
enum Stopwatch {
    /// CPU nanoseconds this thread has used.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Runs `body` `batches` times and returns the nanoseconds of each run,
    /// each divided by `units` (the calls or iterations one run makes).
    static func sample(batches: Int, units: Int, _ body: () throws -> Void) rethrows -> Samples {
        var values: [Double] = []
        for _ in 0..<batches {
            let start = now()
            try body()
            values.append(Double(now() - start) / Double(units))
        }
        return Samples(values)
    }
}

/// Per-unit times of several batches.
struct Samples {
    /// Sorted ascending.
    let sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    /// The fastest batch.
    var best: Double { sorted[0] }
    /// The middle batch.
    var median: Double { sorted[sorted.count / 2] }
}
