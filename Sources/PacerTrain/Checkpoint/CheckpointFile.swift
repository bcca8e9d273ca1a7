import Foundation
import Pacer
import PacerConfig

/// A checkpoint read back from disk and verified: its tensors and metadata.
public struct CheckpointFile {
    /// Where it was read from.
    public let path: String
    /// Every tensor: model parameters and buffers under their own names,
    /// `optimizer.*` and `hooks.*` state.
    public let state: StateDict
    /// Progress, optimizer scalars and config.
    public let meta: CheckpointMeta

    /// The epoch a resumed run continues from.
    public var epoch: Int { meta.progress.epoch }
    /// The iteration a resumed run continues from.
    public var iter: Int { meta.progress.iter }

    /// Reads and verifies the checkpoint at `path`: a missing, torn,
    /// truncated or corrupted file is one error naming it.
    public static func read(_ path: String) throws -> CheckpointFile {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        return try decode(bytes, path: path)
    }

    /// Parses and verifies `bytes` read from `path`: a header that claims
    /// sizes or offsets outside the data, overlapping tensors, an unknown
    /// dtype, invalid JSON or a checksum mismatch is a `CheckpointError`
    /// naming `path`, never a crash or an allocation beyond the input's size.
    public static func decode(_ bytes: [UInt8], path: String) throws -> CheckpointFile {
        let contents = try SafeTensors.decode(bytes, path: path)
        guard let text = contents.metadata[CheckpointMeta.key] else {
            throw CheckpointError.corrupt(path: path, reason: "metadata '\(CheckpointMeta.key)' is missing; not a Pacer checkpoint")
        }
        return CheckpointFile(path: path, state: contents.state, meta: try CheckpointMeta(json: text, path: path))
    }
}
