import Pacer
@testable import PacerTrain
import Testing

/// Background workers gather ahead without changing what any batch holds.
@Suite struct PrefetchingLoaderTests {
    private func contents(_ loader: SampleLoader, epochs: Int) throws -> [[Float]] {
        var batches: [[Float]] = []
        for epoch in 0..<epochs {
            loader.setEpoch(epoch)
            for index in 0..<loader.count {
                let batch = try loader.batch(at: index)
                let image = batch.fields[0]
                let count = image.shape.reduce(1, *)
                let pixels = image.data.assumingMemoryBound(to: Float.self)
                let labels = batch.fields[1].data.assumingMemoryBound(to: Int64.self)
                batches.append(Array(UnsafeBufferPointer(start: pixels, count: count))
                    + (0..<batch.count).map { Float(labels[$0]) })
            }
        }
        return batches
    }

    @Test func workersGiveTheSameBatchesInTheSameOrder() throws {
        let data = try MNISTDataset(.fashionMNIST, dataPrefix: MNISTDataset.debianFashionMNIST, testMode: false, limit: 1000)
        let plain = SampleLoader(dataset: data, batchSize: 64, shuffle: true, seed: 7)
        let prefetching = SampleLoader(dataset: data, batchSize: 64, shuffle: true, seed: 7, workers: 3)
        #expect(try contents(prefetching, epochs: 3) == contents(plain, epochs: 3))
    }

    @Test func jumpingToAnyBatchStillGivesThatBatch() throws {
        let data = try MNISTDataset(.fashionMNIST, dataPrefix: MNISTDataset.debianFashionMNIST, testMode: false, limit: 500)
        let plain = SampleLoader(dataset: data, batchSize: 50, shuffle: true, seed: 1)
        let prefetching = SampleLoader(dataset: data, batchSize: 50, shuffle: true, seed: 1, workers: 2)
        plain.setEpoch(4)
        prefetching.setEpoch(4)
        for index in [3, 4, 9, 0, 5, 6] {
            let expected = try plain.batch(at: index).fields[1].data.assumingMemoryBound(to: Int64.self)
            let expectedLabels = (0..<50).map { expected[$0] }
            let actual = try prefetching.batch(at: index).fields[1].data.assumingMemoryBound(to: Int64.self)
            #expect((0..<50).map { actual[$0] } == expectedLabels, "batch \(index)")
        }
    }
}
