import Pacer
import PacerTrain
import Testing

/// A dataset whose only field is each sample's own index.
private final class IndexDataset: Dataset {
    let count: Int

    init(count: Int) { self.count = count }

    func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [("index", .int64, [])], capacity: capacity)
    }

    func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) {
        storage.setCount(indices.count)
        let out = storage.batch.fields[0].data.assumingMemoryBound(to: Int64.self)
        for (slot, index) in indices.enumerated() { out[slot] = Int64(index) }
    }
}

@Suite("SampleLoader")
struct SampleLoaderTests {
    /// The sample indices of every batch of `epoch`.
    private static func batches(_ loader: SampleLoader, epoch: Int) throws -> [[Int]] {
        loader.setEpoch(epoch)
        return try (0..<loader.count).map { index in
            let batch = try loader.batch(at: index)
            let data = batch.fields[0].data.assumingMemoryBound(to: Int64.self)
            return (0..<batch.count).map { Int(data[$0]) }
        }
    }

    private static func loader(count: Int = 10, batchSize: Int = 3, shuffle: Bool, seed: UInt64 = 42) -> SampleLoader {
        SampleLoader(dataset: IndexDataset(count: count), batchSize: batchSize, shuffle: shuffle, seed: seed)
    }

    @Test func aRankSamplerBatchesOnlyThatRanksShard() throws {
        let sampler = DistributedSampler(datasetCount: 9, shuffle: false, seed: 0, rank: 1, worldSize: 2)
        let loader = SampleLoader(dataset: IndexDataset(count: 9), batchSize: 2, sampler: sampler)
        loader.setEpoch(0)
        #expect(loader.count == 3)
        let last = try loader.batch(at: 2)
        #expect(last.count == 1)
        #expect(last.fields[0].data.assumingMemoryBound(to: Int64.self)[0] == 0)
    }

    @Test func countRoundsUpToCoverTheLastPartialBatch() {
        #expect(Self.loader(count: 10, batchSize: 3, shuffle: false).count == 4)
        #expect(Self.loader(count: 9, batchSize: 3, shuffle: false).count == 3)
    }

    @Test func shuffledEpochCoversEverySampleExactlyOnce() throws {
        let loader = Self.loader(count: 10, batchSize: 3, shuffle: true)
        for epoch in 0..<3 {
            let flat = try Self.batches(loader, epoch: epoch).flatMap { $0 }
            #expect(flat.count == 10)
            #expect(flat.sorted() == Array(0..<10), "epoch \(epoch)")
        }
    }

    @Test func lastBatchIsShorter() throws {
        let loader = Self.loader(count: 10, batchSize: 3, shuffle: true)
        let sizes = try Self.batches(loader, epoch: 0).map(\.count)
        #expect(sizes == [3, 3, 3, 1])
        #expect(try loader.batch(at: 3).fields[0].shape == [1])
    }

    @Test func fullBatchAfterAShortOneHasFullSizeAgain() throws {
        let loader = Self.loader(count: 10, batchSize: 3, shuffle: false)
        _ = try loader.batch(at: 3)
        #expect(try loader.batch(at: 0).count == 3)
    }

    @Test func noShuffleKeepsDatasetOrderInEveryEpoch() throws {
        let loader = Self.loader(count: 7, batchSize: 3, shuffle: false)
        #expect(try Self.batches(loader, epoch: 0) == [[0, 1, 2], [3, 4, 5], [6]])
        #expect(try Self.batches(loader, epoch: 5) == [[0, 1, 2], [3, 4, 5], [6]])
    }

    @Test func shuffleDiffersBetweenEpochs() throws {
        let loader = Self.loader(count: 20, batchSize: 4, shuffle: true)
        let first = try Self.batches(loader, epoch: 0).flatMap { $0 }
        let second = try Self.batches(loader, epoch: 1).flatMap { $0 }
        #expect(first != second)
        #expect(first != Array(0..<20))
        #expect(second != Array(0..<20))
    }

    @Test func sameSeedAndEpochGiveTheSameOrderAcrossLoaders() throws {
        let one = Self.loader(count: 20, batchSize: 4, shuffle: true, seed: 7)
        let other = Self.loader(count: 20, batchSize: 4, shuffle: true, seed: 7)
        // The other loader visits epochs in a different order first.
        _ = try Self.batches(other, epoch: 5)
        #expect(try Self.batches(one, epoch: 3) == Self.batches(other, epoch: 3))
    }

    @Test func revisitingAnEpochRepeatsItsOrder() throws {
        let loader = Self.loader(count: 20, batchSize: 4, shuffle: true)
        let first = try Self.batches(loader, epoch: 2)
        _ = try Self.batches(loader, epoch: 3)
        #expect(try Self.batches(loader, epoch: 2) == first)
    }

    @Test func differentSeedGivesADifferentOrder() throws {
        let one = Self.loader(count: 20, batchSize: 4, shuffle: true, seed: 1)
        let other = Self.loader(count: 20, batchSize: 4, shuffle: true, seed: 2)
        #expect(try Self.batches(one, epoch: 0) != Self.batches(other, epoch: 0))
    }
}
