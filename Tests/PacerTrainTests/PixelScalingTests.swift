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
}
