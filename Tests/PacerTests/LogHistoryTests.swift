@testable import Pacer
import Testing

/// The log buffer's histories hold values in fixed chunks and weights as
/// runs; averages must equal the plain weighted sum in sample order, bit
/// for bit, across chunk boundaries and weight changes.
@Suite struct LogHistoryTests {
    /// The weighted average of `samples`, summed in order as MMCV does.
    private func reference(_ samples: ArraySlice<(value: Double, weight: Int)>) -> Double {
        var sum = 0.0
        var total = 0
        for sample in samples {
            sum += sample.value * Double(sample.weight)
            total += sample.weight
        }
        return total > 0 ? sum / Double(total) : 0
    }

    private func samples(_ count: Int) -> [(value: Double, weight: Int)] {
        (0..<count).map { index -> (value: Double, weight: Int) in
            let weight = (9000..<12000).contains(index) ? 17 : 32
            return (value: 1 / Double(index + 3), weight: weight)
        }
    }

    @Test func averagesOverSeveralChunksAndWeightChangesMatchThePlainSum() {
        let all = samples(20000)
        let buffer = LogBuffer()
        for sample in all { buffer.update("loss", sample.value, count: sample.weight) }
        buffer.average()
        #expect(buffer.outputValue("loss") == reference(all[...]))
    }

    @Test func averagesOfTheLastEntriesAcrossAChunkBoundaryMatchThePlainSum() {
        let all = samples(12010)
        let buffer = LogBuffer()
        for sample in all { buffer.update("loss", sample.value, count: sample.weight) }
        for last in [1, 15, 3900, 4000, 12010, 50000] {
            buffer.average(last: last)
            #expect(buffer.outputValue("loss") == reference(all.suffix(last)), "last \(last)")
        }
    }

    @Test func zeroWeightsAverageToZero() {
        let buffer = LogBuffer()
        buffer.update("x", 5, count: 0)
        buffer.average()
        #expect(buffer.outputValue("x") == 0)
    }

    @Test func aClearedBufferStartsNewHistories() {
        let buffer = LogBuffer()
        for value in 0..<10000 { buffer.update("x", Double(value), count: 2) }
        buffer.clear()
        buffer.update("x", 4, count: 1)
        buffer.update("y", 1, count: 1)
        buffer.average()
        #expect(buffer.output.map(\.key) == ["x", "y"])
        #expect(buffer.outputValue("x") == 4)
    }
}
