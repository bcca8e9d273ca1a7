import Pacer

/// MMCV's `single_gpu_test` followed by `dataset.evaluate`, for models
/// whose val step reports its metrics: the model's val step over every
/// batch of a loader, and the sample-weighted mean of each reported
/// variable ("loss" first, then the others in the order they appeared).
/// The evaluation hook and `pacer test` both evaluate through it.
enum EvalLoop {
    /// The means of the variables named in `metrics` (all when nil), in
    /// that order; `scores`, when given, gathers each sample's class scores.
    /// A progress bar labelled `progress` counts the samples.
    static func run(_ runner: Runner, loader: any DataLoader, metrics: [String]?,
                    scores: ScoreCollector? = nil, progress: String) throws -> [(key: String, value: Double)] {
        var keys: [String] = []
        var sums: [String: Double] = [:]
        var samples = 0
        let bar = ProgressBar(label: progress, total: (loader as? SampleLoader)?.dataset.count ?? loader.count)
        scores?.attach(to: runner.outputs)
        defer { scores?.detach(from: runner.outputs) }
        for index in 0..<loader.count {
            let batch: Batch
            do { batch = try loader.batch(at: index) } catch { throw RunnerError.dataFailed(message: "\(error)") }
            let result = try runner.evaluationStep(batch)
            try scores?.collect(from: runner.outputs, samples: result.numSamples, model: runner.model)
            for (key, value) in runner.outputs.values {
                if sums[key] == nil { keys.append(key) }
                sums[key, default: 0] += value * Double(result.numSamples)
            }
            samples += result.numSamples
            bar.update(loader is SampleLoader ? result.numSamples : 1)
        }
        let results = keys.map { (key: $0, value: samples > 0 ? sums[$0]! / Double(samples) : 0) }
        guard let metrics else { return results }
        return try metrics.map { name in
            guard let found = results.first(where: { $0.key == name }) else {
                throw EvalHookError.missingMetric(name, available: keys)
            }
            return found
        }
    }
}

/// Each sample's class scores, gathered from val steps into memory the
/// model writes through `pacer_step_output.scores` (ABI 1.1).
final class ScoreCollector {
    /// The most classes a model may score.
    static let capacity = 4096
    /// One row of class scores per sample, in the loader's order.
    private(set) var rows: [[Float]] = []
    private let buffer: UnsafeMutableBufferPointer<Float>

    /// A collector for batches of at most `batchSize` samples.
    init(batchSize: Int) {
        buffer = .allocate(capacity: max(batchSize, 1) * Self.capacity)
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

    /// Copies the last step's rows.
    func collect(from outputs: StepOutputs, samples: Int, model: any Model) throws {
        guard outputs.scoreCount > 0 else { throw ScoreError.noScores(model: model.typeName, origin: model.origin) }
        for sample in 0..<samples {
            let start = sample * Self.capacity
            rows.append(Array(buffer[start..<start + outputs.scoreCount]))
        }
    }

    deinit { buffer.deallocate() }
}

/// Why per-sample scores could not be gathered.
public enum ScoreError: Error, CustomStringConvertible {
    /// The model's val step wrote no scores.
    case noScores(model: String, origin: String)

    /// One line naming the model.
    public var description: String {
        switch self {
        case .noScores(let model, let origin):
            return "model \(model) (\(origin)) reports no per-sample class scores; its val step must fill "
                + "pacer_step_output.scores (plugin ABI 1.1)"
        }
    }
}
