import Foundation
import Pacer
@testable import PacerTrain
import Testing

/// A safetensors file with `header` (JSON text) and `data` after it.
func safetensorsFile(header: String, data: [UInt8]) -> [UInt8] {
    let json = Array(header.utf8)
    return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
}

/// A file whose one F32 tensor's element count fits in Int but whose byte
/// count (elements * 4) does not.
func byteCountOverflowFile() -> [UInt8] {
    safetensorsFile(header: #"{"t":{"dtype":"F32","shape":[2147483647,2147483647,2],"data_offsets":[0,4]}}"#,
                    data: [0, 0, 0, 0])
}

/// Every damaged file is a `CheckpointError.corrupt` naming the path, never a crash.
@Suite("SafeTensors corruption")
struct SafeTensorsCorruptionTests {
    static let path = "/ckpt/work/damaged.safetensors"

    private static func decodeError(_ bytes: [UInt8]) -> CheckpointError? {
        do {
            _ = try SafeTensors.decode(bytes, path: path)
            return nil
        } catch {
            return error
        }
    }

    /// Expects `bytes` to be rejected as corrupt with a one-line message naming the file.
    private static func expectCorrupt(_ bytes: [UInt8], mentioning words: String? = nil,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let error = decodeError(bytes)
        guard case .corrupt(let path, let reason)? = error else {
            Issue.record("expected a corrupt error, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(path == Self.path, sourceLocation: sourceLocation)
        #expect(error!.description.hasPrefix(Self.path), sourceLocation: sourceLocation)
        #expect(!error!.description.contains("\n"), sourceLocation: sourceLocation)
        if let words { #expect(reason.contains(words), "\(reason)", sourceLocation: sourceLocation) }
    }

    private static func validFile() -> [UInt8] {
        let state = StateDict()
        state.put("w", StateTensor(dtype: .float32, shape: [4], bytes: (0..<16).map { UInt8($0 * 3) }))
        state.put("b", StateTensor(dtype: .uint8, shape: [3], bytes: [1, 2, 3]))
        return SafeTensors.encode(state, metadata: [("format", "pt")])
    }

    @Test func flippedDataByteFailsTheChecksum() {
        var bytes = Self.validFile()
        bytes[bytes.count - 5] ^= 0x01
        Self.expectCorrupt(bytes, mentioning: "checksum mismatch")
    }

    @Test func flippedFirstDataByteFailsTheChecksum() {
        var bytes = Self.validFile()
        let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        bytes[8 + length] ^= 0x80
        Self.expectCorrupt(bytes, mentioning: "checksum mismatch")
    }

    @Test func truncatedDataIsCorrupt() {
        let bytes = Self.validFile()
        Self.expectCorrupt(Array(bytes.dropLast(2)))
    }

    @Test func fileShorterThanTheLengthFieldIsCorrupt() {
        Self.expectCorrupt([1, 0, 0])
    }

    @Test func headerLengthBeyondTheFileIsCorrupt() {
        var bytes = Self.validFile()
        let beyond = withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init)
        bytes.replaceSubrange(0..<8, with: beyond)
        Self.expectCorrupt(bytes)
    }

    @Test func hugeHeaderLengthIsCorrupt() {
        var bytes = Self.validFile()
        bytes.replaceSubrange(0..<8, with: [UInt8](repeating: 0xFF, count: 8))
        Self.expectCorrupt(bytes)
    }

    @Test func offsetsPastTheDataAreCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                                           data: [0, 0, 0, 0]), mentioning: "'w'")
    }

    @Test func negativeOffsetIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#,
                                           data: [0, 0, 0, 0]))
    }

    @Test func reversedOffsetsAreCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}"#,
                                           data: [0, 0, 0, 0]))
    }

    @Test func overlappingTensorsAreCorrupt() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        Self.expectCorrupt(safetensorsFile(header: header, data: [UInt8](repeating: 0, count: 12)), mentioning: "overlap")
    }

    @Test func unknownDtypeIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#,
                                           data: [0, 0, 0, 0]), mentioning: "BF16")
    }

    @Test func shapeWhoseElementCountOverflowsIsCorrupt() {
        let header = #"{"w":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,4]}}"#
        Self.expectCorrupt(safetensorsFile(header: header, data: [0, 0, 0, 0]))
    }

    @Test func shapeWhoseByteCountOverflowsIsCorruptNotACrash() async {
        // Run in a child process: a trap there fails this test instead of the whole run.
        await #expect(processExitsWith: .success) {
            do {
                _ = try SafeTensors.decode(byteCountOverflowFile(), path: "/ckpt/overflow.safetensors")
                exit(2)
            } catch {
                guard case .corrupt(let path, _)? = error as? CheckpointError, path == "/ckpt/overflow.safetensors" else { exit(3) }
                exit(0)
            }
        }
    }

    @Test func negativeExtentIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                                           data: [0, 0, 0, 0]))
    }

    @Test func shapeDisagreeingWithTheByteRangeIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                                           data: [UInt8](repeating: 0, count: 8)))
    }

    @Test func invalidJSONHeaderIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w": {"dtype": "F32", "#, data: [0, 0, 0, 0]), mentioning: "JSON")
    }

    @Test func headerThatIsNotAnObjectIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: "[1, 2]", data: []))
    }

    @Test func missingDtypeIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"w":{"shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
    }

    @Test func nonStringMetadataIsCorrupt() {
        Self.expectCorrupt(safetensorsFile(header: #"{"__metadata__":{"epoch":3}}"#, data: []))
    }
}
