import Dispatch
import Pacer

/// A data loader over a dataset: batches of `batchSize` samples (the last
/// one may be short, unless `dropLast` drops it) in the order its `DistributedSampler` gives
/// for the epoch. Batch `i` of epoch `e` depends only on (seed, e, i), so a
/// resumed run sees exactly the batches an uninterrupted one would.
///
/// With `workers > 0` the next `workers` batches are gathered on background
/// threads while the model trains on the current one (MMCV's
/// `workers_per_gpu`); the order is the same as without workers.
public final class SampleLoader: DataLoader, @unchecked Sendable {
    // @unchecked: background gathers only read `dataset` (immutable samples)
    // and an order slice they captured, and write their own slot's storage;
    // `batch(at:)` waits for a slot's gather before reading or reusing it.

    /// The dataset.
    public let dataset: any Dataset
    /// Samples per batch.
    public let batchSize: Int
    /// Which samples this process sees each epoch, in what order.
    public let sampler: DistributedSampler
    /// Background gatherers (0: gather on the caller's thread).
    public let workers: Int
    /// Whether a short last batch is dropped (PyTorch `DataLoader`'s `drop_last`).
    public let dropLast: Bool
    private var epoch = 0
    private var order: [Int]
    private let slots: [Slot]
    private let queue = DispatchQueue(label: "pacer.data", attributes: .concurrent)

    /// One reusable batch buffer and the batch it holds or is gathering,
    /// or the error gathering it threw.
    private final class Slot {
        let storage: BatchStorage
        var index = -1
        var pending: DispatchGroup?
        /// What a background gather threw, read after `wait()`.
        var failure: (any Error)?

        init(storage: BatchStorage) { self.storage = storage }

        func wait() {
            pending?.wait()
            pending = nil
        }
    }

    /// A loader over `dataset` in the order `sampler` gives.
    public init(dataset: any Dataset, batchSize: Int, sampler: DistributedSampler, workers: Int = 0,
                dropLast: Bool = false) {
        self.dataset = dataset
        self.batchSize = batchSize
        self.sampler = sampler
        self.workers = max(0, workers)
        self.dropLast = dropLast
        order = sampler.indices(epoch: 0)
        slots = (0...max(0, workers)).map { _ in Slot(storage: dataset.makeBatchStorage(capacity: batchSize)) }
    }

    /// A single-process loader over all of `dataset`, shuffled per epoch
    /// from `seed` or in order.
    public convenience init(dataset: any Dataset, batchSize: Int, shuffle: Bool, seed: UInt64, workers: Int = 0) {
        self.init(dataset: dataset, batchSize: batchSize,
                  sampler: DistributedSampler(datasetCount: dataset.count, shuffle: shuffle, seed: seed),
                  workers: workers)
    }

    /// Batches per epoch.
    public var count: Int { dropLast ? order.count / batchSize : (order.count + batchSize - 1) / batchSize }

    /// Takes the sampler's order for `epoch`, dropping batches gathered
    /// ahead for the previous order.
    public func setEpoch(_ epoch: Int) {
        for slot in slots {
            slot.wait()
            slot.index = -1
            slot.failure = nil
        }
        self.epoch = epoch
        order = sampler.indices(epoch: epoch)
    }

    /// Batch `index` of the current epoch, valid until the next call. An
    /// error a worker met gathering it is thrown here, in batch order.
    public func batch(at index: Int) throws -> Batch {
        let slot = slots[index % slots.count]
        slot.wait()
        if let failure = slot.failure {
            let failedIndex = slot.index
            (slot.index, slot.failure) = (-1, nil)
            if failedIndex == index { throw failure }
        }
        if slot.index != index {
            slot.index = -1
            try dataset.gather(samples(of: index), epoch: epoch, into: slot.storage)
            slot.index = index
        }
        for ahead in index + 1..<min(index + 1 + workers, count) {
            prefetch(ahead)
        }
        return slot.storage.batch
    }

    private func samples(of index: Int) -> ArraySlice<Int> {
        let start = index * batchSize
        return order[start..<min(start + batchSize, order.count)]
    }

    private func prefetch(_ index: Int) {
        let slot = slots[index % slots.count]
        guard slot.index != index else { return }
        slot.wait()
        let group = DispatchGroup()
        let job = GatherJob(dataset: dataset, samples: samples(of: index), epoch: epoch, slot: slot)
        slot.index = index
        slot.failure = nil
        slot.pending = group
        queue.async(group: group) { job.run() }
    }

    /// One background gather: the samples of a batch into a slot's
    /// storage, keeping the error, if any, for `batch(at:)` to rethrow.
    private struct GatherJob: @unchecked Sendable {
        // @unchecked: the dataset is only read, and no one touches the slot
        // until its group says this job is done.
        let dataset: any Dataset
        let samples: ArraySlice<Int>
        let epoch: Int
        let slot: Slot

        func run() {
            do {
                try dataset.gather(samples, epoch: epoch, into: slot.storage)
            } catch {
                slot.failure = error
            }
        }
    }
}
