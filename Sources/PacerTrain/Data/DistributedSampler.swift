/// Which samples one rank sees in an epoch, and in what order: PyTorch's
/// `DistributedSampler` (what MMCV builds for every distributed loader).
///
/// The permutation of an epoch is a Fisher-Yates pass over `SplitMix64`
/// seeded by (seed, epoch), spelled out here so no library change alters
/// it; PyTorch draws its permutation from `torch.randperm`, so the orders
/// differ but the structure is the same:
/// - with `dropLast` false, the permutation is padded by repeating it from
///   its start until its length is a multiple of `worldSize`;
/// - with `dropLast` true, it is cut to the largest such multiple;
/// - rank `r` takes positions `r, r + worldSize, r + 2 * worldSize, ...`.
///
/// With one rank and no `dropLast` an epoch is the whole permutation, which
/// is the order single-process Pacer has always used.
public struct DistributedSampler: Sendable, Equatable {
    /// Samples in the dataset.
    public let datasetCount: Int
    /// Whether each epoch draws a new permutation (else the dataset's order).
    public let shuffle: Bool
    /// The seed every rank shares.
    public let seed: UInt64
    /// This process's rank, in `0..<worldSize`.
    public let rank: Int
    /// Number of ranks.
    public let worldSize: Int
    /// Whether the tail that does not divide evenly is dropped (else padded).
    public let dropLast: Bool
    /// Whether each rank's list leaves out the padding, so that the ranks
    /// together see every sample exactly once and some see one fewer: an
    /// evaluation sampler, whose results MMCV's `collect_results_cpu`
    /// would otherwise have to strip of the padding. Ignored with `dropLast`.
    public let dropPadding: Bool

    /// A sampler for `rank` of `worldSize` over `datasetCount` samples.
    public init(datasetCount: Int, shuffle: Bool, seed: UInt64, rank: Int = 0, worldSize: Int = 1,
                dropLast: Bool = false, dropPadding: Bool = false) {
        precondition(worldSize > 0 && (0..<worldSize).contains(rank), "rank \(rank) outside world size \(worldSize)")
        self.datasetCount = datasetCount
        self.shuffle = shuffle
        self.seed = seed
        self.rank = rank
        self.worldSize = worldSize
        self.dropLast = dropLast
        self.dropPadding = dropPadding && !dropLast
    }

    /// Samples this rank sees per epoch (PyTorch's `num_samples`).
    public var count: Int {
        if dropPadding { return max(0, (datasetCount - rank + worldSize - 1) / worldSize) }
        if dropLast && datasetCount % worldSize != 0 {
            return (datasetCount - worldSize + worldSize - 1) / worldSize
        }
        return (datasetCount + worldSize - 1) / worldSize
    }

    /// The dataset indices this rank sees in `epoch`, in order.
    public func indices(epoch: Int) -> [Int] {
        var order = Array(0..<datasetCount)
        if shuffle {
            var generator = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15)
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
            }
        }
        let totalSize = count * worldSize
        if order.count > totalSize {
            order.removeLast(order.count - totalSize)
        } else if !order.isEmpty {
            var start = 0
            while order.count < totalSize {
                order.append(order[start])
                start += 1
            }
        }
        guard worldSize > 1 else { return order }
        let end = dropPadding ? min(totalSize, datasetCount) : totalSize
        return Array(stride(from: rank, to: end, by: worldSize).map { order[$0] })
    }
}
