import Pacer

/// A data loader over an in-memory dataset: batches of `batchSize` samples
/// (the last one may be short), shuffled per epoch from `seed` or in order.
/// Batch `i` of epoch `e` depends only on (seed, e, i), so a resumed run
/// sees exactly the batches an uninterrupted one would.
public final class SampleLoader: DataLoader {
    /// The dataset.
    public let dataset: any Dataset
    /// Samples per batch.
    public let batchSize: Int
    /// Whether each epoch reshuffles.
    public let shuffle: Bool
    /// The shuffling seed.
    public let seed: UInt64
    private var order: [Int]
    private let storage: BatchStorage

    /// A loader over `dataset`.
    public init(dataset: any Dataset, batchSize: Int, shuffle: Bool, seed: UInt64) {
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        order = Array(0..<dataset.count)
        storage = dataset.makeBatchStorage(capacity: batchSize)
    }

    /// Batches per epoch.
    public var count: Int { (dataset.count + batchSize - 1) / batchSize }

    /// Reshuffles (when shuffling) with a Fisher-Yates pass over a generator
    /// seeded by (seed, epoch), spelled out so no library change alters it.
    public func setEpoch(_ epoch: Int) {
        guard shuffle else { return }
        order = Array(0..<dataset.count)
        var generator = SplitMix64(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
    }

    /// Batch `index` of the current epoch, in storage reused by the next call.
    public func batch(at index: Int) throws -> Batch {
        let start = index * batchSize
        dataset.gather(order[start..<min(start + batchSize, order.count)], into: storage)
        return storage.batch
    }
}

/// A small, fast, fully specified generator (Steele et al.'s SplitMix64),
/// so shuffles are identical on every platform and Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
