@testable import PacerTrain
import Testing

@Suite("Pixel scaling")
struct PixelScalingTests {
    /// Every byte value, at every offset within a sixteen-byte group and in
    /// the tail, becomes exactly `Float(byte) * (1 / 255)`.
    @Test(arguments: [0, 1, 15, 16, 17, 784, 803])
    func everyByteBecomesItsScaledFloat(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
        var floats = [Float](repeating: -1, count: count + 1)
        bytes.withUnsafeBufferPointer { source in
            floats.withUnsafeMutableBufferPointer { destination in
                guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                PixelScaling.scale(from, into: to, count: count)
            }
        }
        #expect(Array(floats.prefix(count)) == bytes.map { Float($0) * (Float(1) / 255) })
        #expect(floats[count] == -1, "wrote past the end")
    }

    @Test func theRangeIsZeroToOne() {
        let bytes = (0...255).map(UInt8.init)
        var floats = [Float](repeating: 0, count: 256)
        bytes.withUnsafeBufferPointer { source in
            floats.withUnsafeMutableBufferPointer { destination in
                guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                PixelScaling.scale(from, into: to, count: 256)
            }
        }
        #expect(floats.first == 0)
        #expect(floats.last == 1)
        #expect(zip(floats, floats.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// A batch of 37 samples (three chunks of a shared gather: 16, 16 and 5)
    /// from rows of 803 bytes in a scattered order: each lands in its slot,
    /// scaled, and nothing is written past the batch.
    @Test func gatherPutsEachRowInItsSlot() {
        let size = 803, rows = 101
        let order = (0..<37).map { ($0 * 29 + 7) % rows }
        let source = (0..<rows * size).map { UInt8(truncatingIfNeeded: $0 * 13 + $0 / size) }
        #expect(gathered(order, from: source, size: size) == expected(order, from: source, size: size))
    }

    /// Loader workers gather at the same time; the one that gets the helper
    /// shares it, the others scale on their own threads: every batch is right.
    @Test func gathersOnSeveralThreadsAtOnceAreEachRight() async {
        let size = 784, rows = 300
        let source = (0..<rows * size).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / size) }
        let orders = (0..<8).map { batch in (0..<128).map { ($0 * 31 + batch * 17) % rows } }
        let results = await withTaskGroup(of: (Int, [Float]).self) { group in
            for (batch, order) in orders.enumerated() {
                group.addTask { (batch, gathered(order, from: source, size: size)) }
            }
            var results = [[Float]](repeating: [], count: orders.count)
            for await (batch, floats) in group { results[batch] = floats }
            return results
        }
        for (batch, order) in orders.enumerated() {
            #expect(results[batch] == expected(order, from: source, size: size), "batch \(batch)")
        }
    }
}

/// `PixelScaling.gather` of `order` into a fresh buffer one row longer than
/// the batch, whose last row must stay untouched (-1).
private func gathered(_ order: [Int], from source: [UInt8], size: Int) -> [Float] {
    var floats = [Float](repeating: -1, count: (order.count + 1) * size)
    source.withUnsafeBufferPointer { source in
        floats.withUnsafeMutableBufferPointer { destination in
            guard let from = source.baseAddress, let to = destination.baseAddress else { return }
            PixelScaling.gather(order[...], of: from, size: size, into: to)
        }
    }
    return floats
}

/// What `gathered` must return: each row scaled byte by byte, then -1s.
private func expected(_ order: [Int], from source: [UInt8], size: Int) -> [Float] {
    order.flatMap { row in source[row * size..<(row + 1) * size].map { Float($0) * (Float(1) / 255) } }
        + [Float](repeating: -1, count: size)
}
