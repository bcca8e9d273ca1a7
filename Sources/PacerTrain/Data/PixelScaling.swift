import Synchronization

/// Grey pixels (0-255) to floats in [0, 1], sixteen at a time.
enum PixelScaling {
    /// Writes `Float(byte) * (1 / 255)` for each of `count` bytes; the
    /// vector and the scalar tail compute the same floats.
    static func scale(_ source: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        let scale = Float(1) / 255
        var start = 0
        while start + 16 <= count {
            let bytes = UnsafeRawPointer(source + start).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(destination + start).storeBytes(of: SIMD16<Float>(bytes) * scale,
                                                                    as: SIMD16<Float>.self)
            start += 16
        }
        for index in start..<count { destination[index] = Float(source[index]) * scale }
    }

    /// Scales the samples `rows` of `source` (`size` bytes each, sample
    /// after sample) into `destination`, one after the other, in chunks of
    /// `rowsPerChunk` samples shared with the helper thread when it is free
    /// (`SweepHelper`): the same floats whichever thread scales a sample.
    static func gather(_ rows: ArraySlice<Int>, of source: UnsafePointer<UInt8>, size: Int,
                       into destination: UnsafeMutablePointer<Float>) {
        guard size > 0 else { return }
        rows.withUnsafeBufferPointer { rows in
            let chunks = (rows.count + rowsPerChunk - 1) / rowsPerChunk
            let shared = chunks > 1 && SweepHelper.reserve { helper in
                // Only the thread holding the helper uses `sharedGather`.
                sharedGather.batch = (rows, source, size, destination)
                helper.share(sharedGather, chunks: chunks)
            }
            if !shared { gather(rows[...], of: source, size: size, into: destination) }
        }
    }

    /// Scales `rows` into `destination`, on one thread.
    ///
    /// A batch's samples lie at random places in a dataset larger than the
    /// caches, and scaling them one by one waits for memory a cache line or
    /// two at a time. So it first reads one byte of every cache line of
    /// every sample (independent loads, which the core keeps many of in
    /// flight at once), then scales them from the cache: 40 % fewer
    /// profile samples than scaling them straight from memory, for
    /// Fashion-MNIST batches of 128 (bench/README.md, "MLP: the work outside
    /// the products").
    private static func gather(_ rows: Slice<UnsafeBufferPointer<Int>>, of source: UnsafePointer<UInt8>, size: Int,
                               into destination: UnsafeMutablePointer<Float>) {
        var touched: UInt8 = 0
        for row in rows {
            let start = source + row * size
            for offset in stride(from: 0, to: size, by: cacheLine) { touched |= start[offset] }
            touched |= start[size - 1]
        }
        // Keeps the loads: a result nothing reads would let the optimiser drop them.
        touchedBytes.store(touched, ordering: .relaxed)
        for (slot, row) in rows.enumerated() {
            scale(source + row * size, into: destination + slot * size, count: size)
        }
    }

    /// Samples per chunk of a shared gather: a batch of 128 makes 8.
    private static let rowsPerChunk = 16

    /// The batch a shared gather is scaling, cut into chunks of `rowsPerChunk` samples.
    private final class SharedGather: ChunkedSweep, @unchecked Sendable {
        // @unchecked: set and read only by the thread holding the helper, and
        // by the helper during `share`.
        var batch: (rows: UnsafeBufferPointer<Int>, source: UnsafePointer<UInt8>, size: Int,
                    destination: UnsafeMutablePointer<Float>)?

        func runChunk(_ index: Int) {
            guard let batch else { return }
            let first = index * rowsPerChunk
            PixelScaling.gather(batch.rows[first..<min(first + rowsPerChunk, batch.rows.count)], of: batch.source,
                                size: batch.size, into: batch.destination + first * batch.size)
        }
    }

    private static let sharedGather = SharedGather()

    /// Where `gather` leaves what its first pass read.
    private static let touchedBytes = Atomic<UInt8>(0)

    /// Bytes per cache line on the machines Pacer runs on (x86-64, arm64).
    private static let cacheLine = 64
}
