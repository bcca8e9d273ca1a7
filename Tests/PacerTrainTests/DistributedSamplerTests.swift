import PacerTrain
import Testing

@Suite("DistributedSampler")
struct DistributedSamplerTests {
    private static func shards(count: Int, worldSize: Int, dropLast: Bool = false, shuffle: Bool = true,
                               epoch: Int = 0) -> [[Int]] {
        (0..<worldSize).map { rank in
            DistributedSampler(datasetCount: count, shuffle: shuffle, seed: 3, rank: rank, worldSize: worldSize,
                               dropLast: dropLast).indices(epoch: epoch)
        }
    }

    @Test func oneRankSeesAPermutationOfEverySample() {
        let order = DistributedSampler(datasetCount: 10, shuffle: true, seed: 3).indices(epoch: 2)
        #expect(order.sorted() == Array(0..<10))
        #expect(order != Array(0..<10))
    }

    @Test func unshuffledKeepsTheDatasetOrder() {
        #expect(Self.shards(count: 7, worldSize: 1, shuffle: false) == [Array(0..<7)])
        #expect(Self.shards(count: 7, worldSize: 2, shuffle: false) == [[0, 2, 4, 6], [1, 3, 5, 0]])
    }

    @Test func ranksInterleaveOneSharedPermutationPaddedFromItsStart() {
        let whole = DistributedSampler(datasetCount: 10, shuffle: true, seed: 3).indices(epoch: 1)
        let shards = Self.shards(count: 10, worldSize: 3, epoch: 1)
        #expect(shards.map(\.count) == [4, 4, 4])
        let padded = whole + whole.prefix(2)
        for rank in 0..<3 {
            #expect(shards[rank] == stride(from: rank, to: 12, by: 3).map { padded[$0] })
        }
    }

    @Test func withoutPaddingTheRanksTogetherSeeEverySampleOnce() {
        let shards = (0..<3).map { rank in
            DistributedSampler(datasetCount: 10, shuffle: false, seed: 3, rank: rank, worldSize: 3, dropPadding: true)
        }
        #expect(shards.map(\.count) == [4, 3, 3])
        #expect(shards.map { $0.indices(epoch: 0) } == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
        #expect(shards.map { $0.indices(epoch: 0).count } == shards.map(\.count))
    }

    @Test func withoutPaddingOneRankIsTheWholeOrder() {
        let sampler = DistributedSampler(datasetCount: 7, shuffle: false, seed: 3, dropPadding: true)
        #expect(sampler.count == 7 && sampler.indices(epoch: 0) == Array(0..<7))
    }

    @Test func dropLastCutsTheTailInsteadOfPadding() {
        let shards = Self.shards(count: 10, worldSize: 3, dropLast: true)
        #expect(shards.map(\.count) == [3, 3, 3])
        #expect(Set(shards.flatMap { $0 }).count == 9)
    }

    @Test func everyEpochHasItsOwnPermutationAndTheSameEpochRepeats() {
        let sampler = DistributedSampler(datasetCount: 50, shuffle: true, seed: 9)
        #expect(sampler.indices(epoch: 0) != sampler.indices(epoch: 1))
        #expect(sampler.indices(epoch: 4) == sampler.indices(epoch: 4))
    }

}
