import Pacer
import PacerConfig

extension Runner {
    /// MMCV's `runner.resume`: restores weights, optimizer state, hook state,
    /// counters and the position inside the epoch from the checkpoint at
    /// `path`, so `run` continues exactly where that run stopped. Call after
    /// registering hooks and before `run`. `allowUnverified` accepts a file
    /// without Pacer's whole-file checksum.
    public func resume(_ path: String, allowUnverified: Bool = false) throws {
        try Checkpointer(config: .null).resume(self, from: CheckpointFile.read(path, allowUnverified: allowUnverified))
    }

    /// MMCV's `runner.load_checkpoint`: copies the model's weights from the
    /// checkpoint at `path` (or from a safetensors state dict another tool
    /// wrote, such as PyTorch's), nothing else. Not strict: returns the keys that
    /// did not line up; strict: throws if any did not. `allowUnverified`
    /// accepts a file without Pacer's whole-file checksum.
    @discardableResult
    public func loadCheckpoint(_ path: String, strict: Bool = false, allowUnverified: Bool = false) throws -> WeightReport {
        try Checkpointer.loadWeights(model, from: CheckpointFile.readWeights(path, allowUnverified: allowUnverified),
                                     path: path, strict: strict)
    }

    /// MMCV's `runner.save_checkpoint`: writes `filenameTmpl` with `{}`
    /// replaced by the finished epochs (`iter_{}` templates: iterations)
    /// into `outDir`, atomically, and points `latest.safetensors` at it.
    /// The file records the runner's counters as they are, which is where a
    /// run resumed from it continues; `config` is stored for reference.
    public func saveCheckpoint(outDir: String, filenameTmpl: String = "epoch_{}.safetensors",
                               saveOptimizer: Bool = true, config: ConfigValue = .null) throws {
        let counter = filenameTmpl.hasPrefix("iter_") ? iter : epoch
        let name = filenameTmpl.replacingOccurrences(of: "{}", with: String(counter))
        try Checkpointer(config: config).save(
            self, to: outDir + "/" + name, saveOptimizer: saveOptimizer, progress: Progress(epoch: epoch, iter: iter))
        try AtomicFile.pointLink(outDir + "/latest.safetensors", to: name)
    }
}
