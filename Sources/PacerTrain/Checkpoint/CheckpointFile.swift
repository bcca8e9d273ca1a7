import Foundation
import Pacer
import PacerConfig

/// A checkpoint read back from disk: its tensors and the progress it was
/// saved at.
public struct CheckpointFile {
    /// Every tensor: model parameters and buffers under their own names,
    /// `optimizer.*` and `hooks.*` state.
    public let state: StateDict
    /// The epoch a resumed run continues from.
    public let epoch: Int
    /// The iteration a resumed run continues from.
    public let iter: Int
    /// The config the run was trained with.
    public let config: ConfigValue

    /// Reads and verifies the checkpoint at `path`.
    public static func read(_ path: String) throws -> CheckpointFile {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CheckpointError.unreadable(path: path, reason: "no such file or not readable")
        }
        let contents = try SafeTensors.decode(bytes, path: path)
        guard let text = contents.metadata["pacer.meta"],
              case .dict(let meta)? = try? JSONReader.value(from: Array(text.utf8), file: path),
              case .int(let epoch)? = meta["epoch"], case .int(let iter)? = meta["iter"]
        else { throw CheckpointError.corrupt(path: path, reason: "metadata 'pacer.meta' is missing or invalid") }
        return CheckpointFile(state: contents.state, epoch: epoch, iter: iter, config: meta["config"] ?? .null)
    }
}
