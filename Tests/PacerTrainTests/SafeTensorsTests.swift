import Foundation
import Pacer
@testable import PacerTrain
import Testing

/// Encoding and decoding of the safetensors files checkpoints are written in.
@Suite("SafeTensors round trip")
struct SafeTensorsTests {
    static let path = "/ckpt/round.safetensors"

    private static func sampleState() -> StateDict {
        let state = StateDict()
        state.put("fc.weight", StateTensor(dtype: .float32, shape: [2, 3],
                                           bytes: (0..<6).flatMap { withUnsafeBytes(of: (Float($0) * 1.5 - 2).bitPattern.littleEndian, Array.init) }))
        state.put("steps", StateTensor(dtype: .int64, shape: [2],
                                       bytes: [Int64(-3), 1 << 40].flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }))
        state.put("mask", StateTensor(dtype: .uint8, shape: [5], bytes: [0, 1, 254, 255, 7]))
        state.put("scale", StateTensor(dtype: .float32, shape: [], bytes: withUnsafeBytes(of: Float(0.25).bitPattern.littleEndian, Array.init)))
        return state
    }

    @Test func tensorsSurviveEncodeThenDecode() throws {
        let state = Self.sampleState()
        let decoded = try SafeTensors.decode(SafeTensors.encode(state, metadata: []), path: Self.path)
        #expect(Set(decoded.state.names) == Set(state.names))
        for name in state.names {
            #expect(decoded.state.get(name) == state.get(name), "\(name)")
        }
    }

    @Test func metadataSurvivesEncodeThenDecode() throws {
        let metadata = [("format", "pt"), ("note", "quote \" backslash \\ newline \n unicode ✓")]
        let decoded = try SafeTensors.decode(SafeTensors.encode(Self.sampleState(), metadata: metadata), path: Self.path)
        #expect(decoded.metadata["format"] == "pt")
        #expect(decoded.metadata["note"] == "quote \" backslash \\ newline \n unicode ✓")
    }

    @Test func encodedFileCarriesDataChecksum() throws {
        let decoded = try SafeTensors.decode(SafeTensors.encode(Self.sampleState(), metadata: []), path: Self.path)
        #expect(decoded.metadata[SafeTensors.checksumKey] != nil)
    }

    @Test func emptyStateRoundTrips() throws {
        let decoded = try SafeTensors.decode(SafeTensors.encode(StateDict(), metadata: [("k", "v")]), path: Self.path)
        #expect(decoded.state.names.isEmpty)
        #expect(decoded.metadata["k"] == "v")
    }

    @Test func headerEndsOnAnEightByteBoundary() throws {
        for metadata in [[], [("a", "x")], [("a", "xy")], [("a", "xyz")], [("abcdefg", "hijklmn")]] {
            let bytes = SafeTensors.encode(Self.sampleState(), metadata: metadata)
            let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
            #expect((8 + length) % 8 == 0, "metadata \(metadata)")
            #expect(8 + length <= bytes.count)
        }
    }

    @Test func headerIsJSONFollowedByTheRawTensorBytes() throws {
        let state = StateDict()
        state.put("m", StateTensor(dtype: .uint8, shape: [3], bytes: [9, 8, 7]))
        let bytes = SafeTensors.encode(state, metadata: [])
        let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        #expect(header.contains("\"m\""))
        #expect(header.contains("\"U8\""))
        #expect(Array(bytes[(8 + length)...]) == [9, 8, 7])
    }
}
