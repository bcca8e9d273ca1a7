import Foundation
import Pacer
import PacerConfig
@testable import PacerTrain
import Testing

/// What the reader verifies before a checkpoint is used: the whole-file
/// checksum (required), offsets tiling the data, and the file itself.
@Suite("Checkpoint verification")
struct CheckpointVerificationTests {
    static let path = "/ckpt/work/iter_4.safetensors"

    /// A checkpoint as Pacer writes it, with one tensor.
    private static func checkpoint() -> [UInt8] {
        let state = StateDict()
        state.put("w", StateTensor(dtype: .float32, shape: [2], bytes: [0, 0, 128, 63, 0, 0, 0, 64]))
        let meta = CheckpointMeta(progress: Progress(epoch: 1, iter: 4), pacerVersion: PacerVersion.string,
                                  optimizer: nil, config: .null, hooks: [])
        return SafeTensors.encode(state, metadata: [("format", "pt"), (CheckpointMeta.key, meta.json())])
    }

    private static func error(decoding bytes: [UInt8], allowUnverified: Bool = false) -> String? {
        do {
            _ = try CheckpointFile.decode(bytes, path: path, allowUnverified: allowUnverified)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `bytes` with its header text edited and not re-signed.
    private static func editingHeader(_ bytes: [UInt8], _ old: String, _ new: String) -> [UInt8] {
        let end = 8 + bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let header = String(decoding: bytes[8..<end], as: UTF8.self).replacingOccurrences(of: old, with: new)
        let json = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + bytes[end...]
    }

    @Test func aCheckpointPacerWritesIsVerifiedWholeFile() throws {
        let file = try CheckpointFile.decode(Self.checkpoint(), path: Self.path)
        #expect(file.iter == 4 && file.meta.hooks == [])
    }

    @Test func aChangedHeaderByteFailsTheChecksum() {
        let edited = Self.editingHeader(Self.checkpoint(), #""shape": [2]"#, #""shape": [1]"#)
        #expect(Self.error(decoding: edited)?.contains("checksum mismatch") == true)
    }

    @Test func aFileWithoutTheWholeFileChecksumIsRefusedNamingTheFlag() {
        let legacy = Self.editingHeader(Self.checkpoint(), "\"pacer.crc32\"", "\"pacer.other\"")
        let message = Self.error(decoding: legacy)
        #expect(message == "\(Self.path): checkpoint has no header checksum (written by Pacer 0.1.0 or another tool), "
            + "so it cannot be verified; pass --allow-unverified-checkpoint to use it anyway")
        #expect(Self.error(decoding: legacy, allowUnverified: true) == nil)
    }

    @Test func aDataOnlyChecksumIsStillVerifiedWhenUnverifiedFilesAreAllowed() {
        var legacy = Self.editingHeader(Self.checkpoint(), "\"pacer.crc32\": \"", "\"pacer.data_crc32\": \"")
        legacy[legacy.count - 1] ^= 1
        #expect(Self.error(decoding: legacy, allowUnverified: true)?.contains("checksum mismatch") == true)
    }

    @Test func dataNoTensorCoversIsRefused() {
        let gap = safetensorsFile(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}}"#,
                                  data: [1, 2, 3, 4, 5, 6])
        #expect(Self.error(decoding: gap) == "\(Self.path): not a valid checkpoint: data bytes 2..<4 belong to no tensor")
        let trailing = safetensorsFile(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, data: [1, 2, 3])
        #expect(Self.error(decoding: trailing) == "\(Self.path): not a valid checkpoint: data bytes 2..<3 belong to no tensor")
    }

    @Test func aCounterOutOfRangeIsRefusedNamingIt() {
        let state = StateDict()
        let meta = CheckpointMeta(progress: Progress(epoch: 1, iter: 4, innerIter: 5), pacerVersion: "0.1.0",
                                  optimizer: nil, config: .null, hooks: [])
        let bytes = SafeTensors.encode(state, metadata: [(CheckpointMeta.key, meta.json())])
        #expect(Self.error(decoding: bytes) == "\(Self.path): not a valid checkpoint: metadata 'pacer.meta': "
            + "'inner_iter' 5 exceeds 'iter' 4")
    }

    @Test func aFIFOOrADeviceIsRefusedWithoutReadingIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/fifo.safetensors"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero"] {
            #expect(throws: CheckpointError.unreadable(path: path, reason: "not a regular file")) {
                try CheckpointFile.read(path)
            }
        }
    }
}
