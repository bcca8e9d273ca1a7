/// A checkpoint that could not be written or read. Every case names the file.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// Writing failed (full disk, no permission); earlier checkpoints are intact.
    case writeFailed(path: String, reason: String)
    /// Reading failed.
    case unreadable(path: String, reason: String)
    /// The file is not a valid Pacer checkpoint.
    case corrupt(path: String, reason: String)
    /// The checkpoint does not fit the model being trained.
    case mismatch(path: String, reason: String)
    /// The file has no whole-file checksum (written by `version` before
    /// Pacer checksummed headers, or by another tool), so it cannot be
    /// verified; `--allow-unverified-checkpoint` accepts it.
    case unverified(path: String, version: String)

    /// One line naming the file and what is wrong.
    public var description: String {
        switch self {
        case .writeFailed(let path, let reason): return "\(path): checkpoint not written: \(reason)"
        case .unreadable(let path, let reason): return "\(path): checkpoint cannot be read: \(reason)"
        case .corrupt(let path, let reason): return "\(path): not a valid checkpoint: \(reason)"
        case .mismatch(let path, let reason): return "\(path): checkpoint does not fit this run: \(reason)"
        case .unverified(let path, let version):
            return "\(path): checkpoint has no header checksum (written by Pacer \(version.printable) or another tool), "
                + "so it cannot be verified; pass --allow-unverified-checkpoint to use it anyway"
        }
    }
}
