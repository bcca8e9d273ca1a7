#if canImport(Glibc)
import Glibc
#endif
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
    /// truncated or corrupted file, or anything but a regular file, is one
    /// error naming it. Files without the whole-file checksum Pacer writes
    /// (those of Pacer 0.1.0 before it, or edited by other tools) are
    /// refused unless `allowUnverified` is set.
    public static func read(_ path: String, allowUnverified: Bool = false) throws -> CheckpointFile {
        try decode(readBytes(path), path: path, allowUnverified: allowUnverified)
    }

    /// Parses and verifies `bytes` read from `path`: a header that claims
    /// sizes or offsets outside the data, tensors that do not tile the data
    /// exactly, an unknown dtype, invalid JSON, a checksum mismatch, a
    /// missing checksum (unless `allowUnverified`) or counters out of range
    /// is a `CheckpointError` naming `path`, never a crash or an allocation
    /// beyond the input's size.
    public static func decode(_ bytes: [UInt8], path: String, allowUnverified: Bool = false) throws -> CheckpointFile {
        let contents = try SafeTensors.decode(bytes, path: path)
        guard let text = contents.metadata[CheckpointMeta.key] else {
            throw CheckpointError.corrupt(path: path, reason: "metadata '\(CheckpointMeta.key)' is missing; not a Pacer checkpoint")
        }
        let meta = try CheckpointMeta(json: text, path: path)
        if contents.checksum != .wholeFile && !allowUnverified {
            throw CheckpointError.unverified(path: path, version: meta.pacerVersion)
        }
        if contents.checksum == .wholeFile && meta.hooks == nil {
            throw CheckpointError.corrupt(path: path, reason: "metadata '\(CheckpointMeta.key)' lacks 'hooks'")
        }
        return CheckpointFile(path: path, state: contents.state, meta: meta)
    }

    /// The tensors `load_from` copies weights from: those of a Pacer
    /// checkpoint, read and verified as `read` does, or every tensor of a
    /// safetensors file written without Pacer's metadata (a PyTorch or
    /// mmcls state dict saved with Python's `safetensors`), as it holds them.
    public static func readWeights(_ path: String, allowUnverified: Bool = false) throws -> StateDict {
        let bytes = try readBytes(path)
        let contents = try SafeTensors.decode(bytes, path: path)
        guard contents.metadata[CheckpointMeta.key] != nil else { return contents.state }
        return try decode(bytes, path: path, allowUnverified: allowUnverified).state
    }

    /// The bytes of the regular file at `path`, read to its size at open.
    private static func readBytes(_ path: String) throws(CheckpointError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: AtomicFile.errorText()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: AtomicFile.errorText()) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { raw in
                raw.baseAddress.map { Glibc.read(descriptor, $0 + filled, size - filled) } ?? 0
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw .unreadable(path: path, reason: count < 0 ? AtomicFile.errorText() : "file shrank while being read")
            }
            filled += count
        }
        return bytes
    }
}
