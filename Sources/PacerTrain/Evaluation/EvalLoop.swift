import Pacer

/// MMCV's `single_gpu_test` followed by `dataset.evaluate`, for models
/// whose val step reports its metrics: the model's val step over every
/// batch of a loader, and the sample-weighted mean of each reported
/// variable ("loss" first, then the others in the order they appeared).
/// The evaluation hook and `pacer test` both evaluate through it.
enum EvalLoop {
    /// The means of the variables named in `metrics` (all when nil and no
    /// `classification` is asked for), in that order, then the
    /// `classification` metrics computed from every sample's class scores
    /// and label; `scores`, when given, also keeps the scores. A progress
    /// bar labelled `progress` counts the samples.
    static func run(_ runner: Runner, loader: any DataLoader, metrics: [String]?,
                    classification: ClassificationMetrics? = nil, scores: ScoreCollector? = nil,
                    progress: String) throws -> [(key: String, value: Double)] {
        var keys: [String] = []
        var sums: [String: Double] = [:]
        var samples = 0
        // In a distributed run rank 0 alone draws the bar, counting every
        // rank's samples as its own times the world size (MMCV's DistEvalHook).
        let bar = runner.rank == 0
            ? ProgressBar(label: progress, total: (loader as? SampleLoader)?.dataset.count ?? loader.count) : nil
        let collector = scores ?? (classification == nil ? nil : ScoreCollector())
        collector?.attach(to: runner.outputs)
        defer { collector?.detach(from: runner.outputs) }
        for index in 0..<loader.count {
            let batch: Batch
            do { batch = try loader.batch(at: index) } catch { throw RunnerError.dataFailed(message: "\(error)") }
            collector?.reserve(batch.fields.first?.shape.first ?? 0, outputs: runner.outputs)
            let result = try runner.evaluationStep(batch)
            try collector?.collect(from: runner.outputs, batch: batch, samples: result.numSamples, model: runner.model)
            for (key, value) in runner.outputs.values {
                if sums[key] == nil { keys.append(key) }
                sums[key, default: 0] += value * Double(result.numSamples)
            }
            samples += result.numSamples
            bar?.update(loader is SampleLoader ? result.numSamples * runner.worldSize : 1)
        }
        if let communicator = runner.communicator, communicator.worldSize > 1 {
            let shards = try communicator.allGather(EvalShard(keys: keys, sums: sums, samples: samples,
                                                              rows: collector?.rows ?? [],
                                                              labels: collector?.labels ?? []).encoded())
                .map(EvalShard.init(decoding:))
            let merged = EvalShard(merging: shards)
            (keys, sums, samples) = (merged.keys, merged.sums, merged.samples)
            collector?.replace(rows: merged.rows, labels: merged.labels)
        }
        let means = keys.map { (key: $0, value: samples > 0 ? sums[$0]! / Double(samples) : 0) }
        var results = try metrics.map { names in
            try names.map { name in
                guard let found = means.first(where: { $0.key == name }) else {
                    throw EvalHookError.missingMetric(name, available: keys + (classification?.metrics ?? []))
                }
                return found
            }
        } ?? (classification == nil ? means : [])
        if let classification, let collector {
            guard collector.labels.count == collector.rows.count else { throw ScoreError.noLabels }
            results += try classification.evaluate(scores: collector.rows, labels: collector.labels)
        }
        return results
    }
}

/// Each sample's class scores and label, gathered from val steps into
/// memory the model writes through `pacer_step_output.scores` (ABI 1.1).
final class ScoreCollector {
    /// The most classes a model may score.
    static let capacity = 4096
    /// One row of class scores per sample, in the loader's order.
    private(set) var rows: [[Float]] = []
    /// Each sample's "gt_label", when the batches have one.
    private(set) var labels: [Int64] = []
    private var buffer: UnsafeMutableBufferPointer<Float>

    /// An empty collector; `reserve` sizes it for each batch.
    init() {
        buffer = .allocate(capacity: Self.capacity)
        buffer.initialize(repeating: 0)
    }

    func attach(to outputs: StepOutputs) {
        outputs.scoreBuffer = buffer
        outputs.scoreCapacity = Self.capacity
    }

    func detach(from outputs: StepOutputs) {
        outputs.scoreBuffer = nil
        outputs.scoreCapacity = 0
    }

    /// Makes room for a batch of `samples` (once per larger batch size).
    func reserve(_ samples: Int, outputs: StepOutputs) {
        guard samples * Self.capacity > buffer.count else { return }
        buffer.deallocate()
        buffer = .allocate(capacity: samples * Self.capacity)
        buffer.initialize(repeating: 0)
        attach(to: outputs)
    }

    /// Replaces every row and label (with the whole split's, gathered from
    /// the ranks of a distributed run).
    func replace(rows: [[Float]], labels: [Int64]) {
        self.rows = rows
        self.labels = labels
    }

    /// Copies the last step's rows and the batch's labels.
    func collect(from outputs: StepOutputs, batch: Batch, samples: Int, model: any Model) throws {
        guard outputs.scoreCount > 0 else { throw ScoreError.noScores(model: model.typeName, origin: model.origin) }
        for sample in 0..<samples {
            let start = sample * Self.capacity
            rows.append(Array(buffer[start..<start + outputs.scoreCount]))
        }
        if let field = batch.fields.first(where: { $0.name == "gt_label" && $0.dtype == .int64 }) {
            labels += UnsafeBufferPointer(start: field.data.assumingMemoryBound(to: Int64.self), count: samples)
        }
    }

    deinit { buffer.deallocate() }
}

/// Why per-sample scores could not be gathered.
public enum ScoreError: Error, CustomStringConvertible {
    /// The model's val step wrote no scores.
    case noScores(model: String, origin: String)
    /// The batches have no int64 "gt_label" to score against.
    case noLabels

    /// One line naming the model.
    public var description: String {
        switch self {
        case .noScores(let model, let origin):
            return "model \(model) (\(origin)) reports no per-sample class scores; its val step must fill "
                + "pacer_step_output.scores (plugin ABI 1.1)"
        case .noLabels:
            return "the evaluation data has no int64 'gt_label' field to compute metrics against"
        }
    }
}
