#if canImport(Glibc)
import Glibc
#endif
import Pacer

/// MMCV's EvalHook, as MMCV's train scripts register it from
/// `evaluation = dict(...)` at priority LOW, after the checkpoint hook: it
/// runs the model's val step over the val loader every `interval` epochs
/// (or iterations), writes the sample-weighted mean of every variable the
/// val steps report into the log buffer's output with `eval_iter_num`, so
/// the loggers print a val line, and with `saveBest` keeps exactly one
/// `best_<metric>_epoch_N.safetensors` (or `_iter_N`) for the best score so
/// far. A best score of exactly 0 counts (MMCV ignores it).
public final class EvalHook: StatefulHook {
    /// "EvalHook".
    public let typeName = "EvalHook"
    /// "built-in".
    public let origin = "built-in"
    /// before_run, and the train epoch or iteration stages.
    public let stages: Set<HookStage>
    /// Evaluate every this many epochs (or iterations).
    public let interval: Int
    /// The first epoch (or iteration) to evaluate at; also evaluates before
    /// training when the run starts at or after it.
    public let start: Int?
    /// Whether `interval` and `start` count epochs.
    public let byEpoch: Bool
    /// The metric to keep the best checkpoint of, "auto" for the first one, or nil.
    public let saveBest: String?
    /// Only these metrics the val step reports are logged, if set (MMCV's
    /// `metric`, less the names `classification` computes).
    public let metrics: [String]?
    /// mmcls's metrics, computed from each sample's class scores, if asked for.
    public let classification: ClassificationMetrics?
    /// Folder of the best checkpoint; the work dir when nil.
    public let outDir: String?
    /// The hooks that log (`log_config.hooks`), flushed before an
    /// evaluation by iteration so train and val lines do not mix.
    public var loggers: [any Hook] = []
    /// Told of every evaluation (early stopping).
    public var observers: [any EvaluationObserver] = []
    /// The rule of the best metric, once known.
    public private(set) var rule: EvalRule?
    /// The best metric, once known ("auto" resolves at the first evaluation).
    public private(set) var keyIndicator: String?
    /// The best score so far.
    public private(set) var bestScore: Double?
    /// The path of the best checkpoint so far.
    public private(set) var bestCheckpoint: String?
    /// The last evaluation's metrics, in the order the val step reported them.
    public private(set) var lastResults: [(key: String, value: Double)] = []
    private let greaterKeys: [String]
    private let lessKeys: [String]
    private let makeLoader: (Runner) throws -> any DataLoader
    private let checkpointer: Checkpointer
    private var loader: (any DataLoader)?
    private var initialFlag = true

    /// An evaluation hook over the loader `makeLoader` builds at before_run.
    /// A named `saveBest` must already have a `rule` (given or inferred).
    public init(interval: Int, start: Int?, byEpoch: Bool, saveBest: String?, rule: EvalRule?,
                greaterKeys: [String] = EvalRule.defaultGreaterKeys, lessKeys: [String] = EvalRule.defaultLessKeys,
                metrics: [String]?, classification: ClassificationMetrics? = nil, outDir: String?,
                checkpointer: Checkpointer,
                makeLoader: @escaping (Runner) throws -> any DataLoader) {
        self.interval = interval
        self.start = start
        self.byEpoch = byEpoch
        self.saveBest = saveBest
        self.rule = rule
        keyIndicator = saveBest
        self.greaterKeys = greaterKeys
        self.lessKeys = lessKeys
        self.metrics = metrics
        self.classification = classification
        self.outDir = outDir
        self.checkpointer = checkpointer
        self.makeLoader = makeLoader
        stages = byEpoch ? [.beforeRun, .beforeTrainEpoch, .afterTrainEpoch]
                         : [.beforeRun, .beforeTrainIter, .afterTrainIter]
    }

    /// Runs the hook at `stage`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        switch stage {
        case .beforeRun:
            let loader = try makeLoader(runner)
            loader.setEpoch(0)
            self.loader = loader
        case .beforeTrainEpoch, .beforeTrainIter:
            // MMCV: evaluate before training when resuming at or after `start`.
            guard initialFlag else { return }
            initialFlag = false
            if let start, (byEpoch ? runner.epoch : runner.iter) >= start {
                try afterTrain(runner, atStart: true)
            }
        case .afterTrainEpoch, .afterTrainIter:
            try afterTrain(runner, atStart: false)
        default:
            break
        }
    }

    /// MMCV's `_should_evaluate`.
    public func shouldEvaluate(_ runner: Runner) -> Bool {
        let current = byEpoch ? runner.epoch : runner.iter
        guard let start else { return (current + 1) % interval == 0 }
        if current + 1 < start { return false }
        return (current + 1 - start) % interval == 0
    }

    private func afterTrain(_ runner: Runner, atStart: Bool) throws {
        guard shouldEvaluate(runner), InterruptionHook.received == 0 else { return }
        if !byEpoch {
            // The train line first, then a clean buffer for the val line.
            for logger in loggers { try logger.call(.afterTrainIter, runner: runner) }
            runner.logBuffer.clear()
        }
        try evaluate(runner, atStart: atStart)
    }

    private func evaluate(_ runner: Runner, atStart: Bool) throws {
        guard let loader else { return }
        lastResults = try EvalLoop.run(runner, loader: loader, metrics: metrics, classification: classification,
                                       progress: "val")
        runner.logBuffer.setOutput("eval_iter_num", Double(loader.count))
        for (key, value) in lastResults { runner.logBuffer.setOutput(key, value) }
        runner.logBuffer.markReady()
        try saveIfBest(runner, atStart: atStart)
        for observer in observers { try observer.evaluated(lastResults, runner: runner) }
    }

    private func saveIfBest(_ runner: Runner, atStart: Bool) throws {
        guard saveBest != nil else { return }
        guard let first = lastResults.first else {
            Console.error("warning: EvalHook: the evaluation has no results; save_best is skipped this time")
            return
        }
        if keyIndicator == "auto" {
            guard let inferred = rule ?? EvalRule.infer(for: first.key, greaterKeys: greaterKeys, lessKeys: lessKeys)
            else { throw EvalHookError.cannotInferRule(first.key) }
            keyIndicator = first.key
            rule = inferred
        }
        guard let key = keyIndicator, let rule else { return }
        guard let score = lastResults.first(where: { $0.key == key })?.value else {
            throw EvalHookError.missingMetric(key, available: lastResults.map(\.key))
        }
        guard !score.isNaN else { return }
        if let bestScore, !rule.improves(score, over: bestScore) { return }
        try saveBestCheckpoint(runner, key: key, score: score, atStart: atStart)
    }

    private func saveBestCheckpoint(_ runner: Runner, key: String, score: Double, atStart: Bool) throws {
        let unit = byEpoch ? "epoch" : "iter"
        let count = byEpoch ? runner.epoch + 1 : runner.iter + 1
        let name = "best_\(key.replacingOccurrences(of: "/", with: "_"))_\(unit)_\(count).safetensors"
        let path = (outDir ?? runner.workDir) + "/" + name
        let progress = atStart ? Progress(epoch: runner.epoch, iter: runner.iter)
                               : CheckpointHook.progress(of: runner, byEpoch: byEpoch)
        bestScore = score
        if runner.rank == 0 {
            try checkpointer.save(runner, to: path, saveOptimizer: true, progress: progress)
            if let previous = bestCheckpoint, previous != path { unlink(previous) }
        }
        bestCheckpoint = path
        Console.out("Now best checkpoint is saved as \(name); best \(key) is \(score) at \(count) \(unit)")
    }

    /// Saves the best score, the best metric and the best checkpoint's path.
    public func saveState(into state: StateDict, prefix: String) throws {
        guard let bestScore, let keyIndicator, let bestCheckpoint else { return }
        state.put(prefix + "best_score", DoubleState.tensor([bestScore]))
        state.put(prefix + "key_indicator", StateTensor(dtype: .uint8, shape: [keyIndicator.utf8.count],
                                                        bytes: Array(keyIndicator.utf8)))
        state.put(prefix + "best_ckpt", StateTensor(dtype: .uint8, shape: [bestCheckpoint.utf8.count],
                                                    bytes: Array(bestCheckpoint.utf8)))
    }

    /// Restores what `saveState` saved (MMCV's `hook_msgs`), if present.
    public func loadState(from state: StateDict, prefix: String) throws {
        guard let score = state.get(prefix + "best_score").flatMap(DoubleState.values)?.first,
              let key = state.get(prefix + "key_indicator"), let path = state.get(prefix + "best_ckpt")
        else { return }
        let name = String(decoding: key.bytes, as: UTF8.self)
        guard saveBest == name || saveBest == "auto" else { return }
        bestScore = score
        keyIndicator = name
        if rule == nil { rule = EvalRule.infer(for: name, greaterKeys: greaterKeys, lessKeys: lessKeys) }
        bestCheckpoint = String(decoding: path.bytes, as: UTF8.self)
    }
}

/// Why an evaluation could not pick its best checkpoint.
public enum EvalHookError: Error, CustomStringConvertible, Equatable {
    /// `save_best='auto'` met a first metric whose rule cannot be inferred.
    case cannotInferRule(String)
    /// The metric `save_best` names is not among the results.
    case missingMetric(String, available: [String])

    /// One line naming the metric and what to change.
    public var description: String {
        switch self {
        case .cannotInferRule(let key):
            return "cannot infer the rule for metric '\(key)'; set evaluation.rule to 'greater' or 'less'"
        case .missingMetric(let key, let available):
            return "metric '\(key)' is not among the evaluation results (\(available.joined(separator: ", ")))"
        }
    }
}
