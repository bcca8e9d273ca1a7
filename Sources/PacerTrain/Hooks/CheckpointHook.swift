#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Pacer

/// MMCV's CheckpointHook: saves `epoch_N.safetensors` (or `iter_N`, or the
/// config's `filename_tmpl`) every `interval` epochs (or iterations) and at
/// the end, moves the `latest` link (unless `create_symlink` is false), and
/// keeps at most `maxKeep` files.
public final class CheckpointHook: Hook {
    /// "CheckpointHook".
    public let typeName = "CheckpointHook"
    /// "built-in".
    public let origin = "built-in"
    /// after_train_epoch (by epoch) or after_train_iter.
    public let stages: Set<HookStage>
    /// Save every this many epochs or iterations; <= 0 saves only the last.
    public let interval: Int
    /// Whether intervals count epochs.
    public let byEpoch: Bool
    /// Whether to include optimizer state.
    public let saveOptimizer: Bool
    /// Whether to save at the end of training regardless of the interval.
    public let saveLast: Bool
    /// Keep only the newest this many checkpoints; <= 0 keeps all.
    public let maxKeep: Int
    /// Folder to write to, the work dir when nil.
    public let outDir: String?
    /// How the files are named.
    public let fileName: CheckpointName
    /// Whether `latest.safetensors` follows the newest file.
    public let createSymlink: Bool
    private let checkpointer: Checkpointer
    /// The path of the last checkpoint this hook wrote in this run.
    private(set) var lastWritten: String?

    /// A checkpoint hook with MMCV's options; files are named
    /// `epoch_N.safetensors` or `iter_N.safetensors` unless `name` says otherwise.
    public init(interval: Int, byEpoch: Bool, saveOptimizer: Bool, saveLast: Bool, maxKeep: Int,
                outDir: String?, name: CheckpointName? = nil, createSymlink: Bool = true, checkpointer: Checkpointer) {
        self.fileName = name ?? CheckpointName(prefix: byEpoch ? "epoch_" : "iter_")
        self.createSymlink = createSymlink
        self.interval = interval
        self.byEpoch = byEpoch
        self.saveOptimizer = saveOptimizer
        self.saveLast = saveLast
        self.maxKeep = maxKeep
        self.outDir = outDir
        self.checkpointer = checkpointer
        stages = byEpoch ? [.afterTrainEpoch] : [.afterTrainIter]
    }

    /// Saves when the interval or the end of training says so.
    public func call(_ stage: HookStage, runner: Runner) throws {
        let done = byEpoch ? runner.epoch + 1 : runner.iter + 1
        let total = byEpoch ? runner.maxEpochs : runner.maxIters
        let due = (interval > 0 && done % interval == 0) || (saveLast && done == total)
        guard due, runner.rank == 0, !(byEpoch && InterruptionHook.interruptedMidEpoch(runner)) else { return }
        let folder = outDir ?? runner.workDir
        let path = folder + "/" + fileName.file(done)
        try rotation(in: folder).save(number: done) { target in
            try checkpointer.save(runner, to: target, saveOptimizer: saveOptimizer,
                                  progress: Self.progress(of: runner, byEpoch: byEpoch))
        }
        lastWritten = path
        Console.out("Saved checkpoint at \(done) \(byEpoch ? "epochs" : "iterations"): \(path)")
    }

    /// The order checkpoints enter and leave `folder` in, and its repair.
    func rotation(in folder: String) -> CheckpointRotation {
        CheckpointRotation(folder: folder, name: fileName, maxKeep: maxKeep, createSymlink: createSymlink)
    }

    /// The counters and position the next iteration will see. The hook runs
    /// inside after_train_*, before the runner advances them.
    static func progress(of runner: Runner, byEpoch: Bool) -> Progress {
        if byEpoch { return Progress(epoch: runner.epoch + 1, iter: runner.iter) }
        let streams = (runner as? IterBasedRunner)?.streams.map { StreamPosition(epoch: $0.epoch, position: $0.position) }
        return Progress(epoch: runner.epoch, iter: runner.iter + 1,
                        innerIter: streams == nil ? runner.innerIter + 1 : 0, streams: streams ?? [])
    }
}
