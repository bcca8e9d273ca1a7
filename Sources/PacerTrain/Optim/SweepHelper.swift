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
    /// Runs chunk `index`: once per chunk of a `SweepHelper.run`, on the
    /// caller's thread or on the helper's.
    func runChunk(_ index: Int)
}

/// A second thread that takes chunks of a sweep while the thread that asked
/// for the sweep takes the others.
///
/// An optimizer step streams several arrays the size of the model through
/// one core while the machine's other core waits: OpenBLAS's threads sit
/// idle between a train step's products. The MLP's SGD step is the largest
/// piece of that single-threaded time (bench/README.md, "MLP: the work
/// outside the products"); two cores stream it in about half the time.
///
/// `run` wakes the helper and starts taking chunks at once, from one atomic
/// counter that both threads count down, so it never waits for the helper
/// to wake: a helper that the scheduler wakes late finds nothing left and
/// sleeps again. `run` returns when every chunk has finished, waiting at
/// most for the one chunk the helper is running. A machine with no core to
/// spare costs one semaphore signal per sweep over doing every chunk on the
/// caller's thread.
final class SweepHelper: @unchecked Sendable {
    // @unchecked: `work` never changes; what it reads is written by the
    // caller before `run` publishes the chunk count (release), and the helper
    // reads it only after claiming a chunk from that count (acquire), which
    // `run` waits for before it returns.

    /// The sweep this helper shares.
    private let work: any ChunkedSweep
    /// Chunks not yet claimed in the current sweep: a claim takes the chunk
    /// `previous value - 1`; values at or below zero mean none is left.
    private let unclaimed = Atomic<Int>(0)
    /// Chunks of the current sweep that have finished, on either thread.
    private let finished = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the helper thread for sweeps of `work`. Call `stop()` when
    /// done with it: the thread holds the helper until then.
    init(sharing work: any ChunkedSweep) {
        self.work = work
        Thread.detachNewThread { [self] in
            while true {
                wake.wait()
                if stopping.load(ordering: .acquiring) { return }
                takeChunks()
            }
        }
    }

    /// Runs chunks `0..<chunks` of the sweep, on this thread and the helper,
    /// and returns when all have finished.
    func run(chunks: Int) {
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
    }

    /// Ends the helper thread once it has nothing left to do.
    func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    /// Claims and runs chunks until none of the current sweep is left.
    private func takeChunks() {
        while true {
            let claimed = unclaimed.subtract(1, ordering: .acquiringAndReleasing).oldValue
            guard claimed > 0 else { return }
            work.runChunk(claimed - 1)
            finished.add(1, ordering: .releasing)
        }
    }

    /// How long `run` polls for the helper's last chunk before it starts
    /// yielding its core: a few microseconds.
    private static let spinsBeforeYield = 4096
}
