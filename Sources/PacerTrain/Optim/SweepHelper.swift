import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sweep cut into chunks that two threads may run at the same time and in
/// any order with the same result: each chunk writes only its own elements.
protocol ChunkedSweep: AnyObject, Sendable {
    /// Runs chunk `index`: once per chunk of a `SweepHelper.share`, on the
    /// caller's thread or on the helper's.
    func runChunk(_ index: Int)
}

/// The process's second thread for single-threaded sweeps: it takes chunks
/// of a sweep while the thread that asked for the sweep takes the others.
///
/// Between a train step's products OpenBLAS's threads wait, and the work
/// there (the optimizer step, the next batch's pixels) runs on one core
/// while the other waits: for the MLP, the largest share of its time outside
/// the products (bench/README.md, "MLP: the work outside the products").
///
/// `share` wakes the helper and starts taking chunks at once, from one
/// atomic counter that both threads count down, so it never waits for the
/// helper to wake: a helper that the scheduler wakes late finds nothing left
/// and sleeps again. `share` returns when every chunk has finished, waiting
/// at most for the one chunk the helper is running. A machine with no core
/// to spare costs one semaphore signal per sweep over running every chunk on
/// the caller's thread.
final class SweepHelper: @unchecked Sendable {
    // @unchecked: `work` is written by `share` before it publishes the chunk
    // count (release) and read by the helper only after claiming a chunk of
    // that count (acquire); `share` waits for every claimed chunk before it
    // returns, and `reserve` lets one thread at a time call `share`.

    /// Runs `body` with the helper reserved for the calling thread and
    /// returns true, or returns false at once when the process has no
    /// helper (`shared`) or another thread has it: the caller then runs its
    /// sweep on its own.
    static func reserve(_ body: (SweepHelper) -> Void) -> Bool {
        guard let helper = shared,
              helper.reserved.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        body(helper)
        helper.reserved.store(false, ordering: .releasing)
        return true
    }

    /// Started on first use, parked on its semaphore between sweeps; none
    /// when the process is to use one core: a one-core machine, or
    /// `OPENBLAS_NUM_THREADS=1`, which is how a user gives each rank of a
    /// distributed run (or each of several runs) one core (README,
    /// "Distributed training on Open MPI").
    private static let shared: SweepHelper? = {
        let environment = ProcessInfo.processInfo.environment
        let oneThread = environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) } == 1
        return ProcessInfo.processInfo.activeProcessorCount > 1 && !oneThread ? SweepHelper() : nil
    }()

    private let reserved = Atomic<Bool>(false)
    /// The sweep being shared.
    private var work: (any ChunkedSweep)?
    /// Chunks not yet claimed in the current sweep: a claim takes the chunk
    /// `previous value - 1`; values at or below zero mean none is left.
    private let unclaimed = Atomic<Int>(0)
    /// Chunks of the current sweep that have finished, on either thread.
    private let finished = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)

    private init() {
        Thread.detachNewThread { [self] in
            while true {
                wake.wait()
                takeChunks()
            }
        }
    }

    /// Runs chunks `0..<chunks` of `work` on this thread and the helper, and
    /// returns when all have finished.
    func share(_ work: any ChunkedSweep, chunks: Int) {
        self.work = work
        finished.store(0, ordering: .relaxed)
        unclaimed.store(chunks, ordering: .releasing)
        wake.signal()
        takeChunks()
        var spins = 0
        while finished.load(ordering: .acquiring) < chunks {
            // The helper's last chunk takes microseconds, unless the
            // scheduler took its core: then give this one away as well.
            spins += 1
            if spins > Self.spinsBeforeYield { sched_yield() }
        }
        self.work = nil
    }

    /// Claims and runs chunks until none of the current sweep is left.
    private func takeChunks() {
        while true {
            let claimed = unclaimed.subtract(1, ordering: .acquiringAndReleasing).oldValue
            guard claimed > 0, let work else { return }
            work.runChunk(claimed - 1)
            finished.add(1, ordering: .releasing)
        }
    }

    /// How long `share` polls for the helper's last chunk before it starts
    /// yielding its core: a few microseconds.
    private static let spinsBeforeYield = 4096
}
