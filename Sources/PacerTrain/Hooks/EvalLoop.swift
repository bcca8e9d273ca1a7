import Pacer

/// MMCV's `single_gpu_test` followed by `dataset.evaluate`, for models
/// whose val step reports its metrics: the model's val step over every
/// batch of a loader, and the sample-weighted mean of each reported
/// variable ("loss" first, then the others in the order they appeared).
enum EvalLoop {
    static func run(_ runner: Runner, loader: any DataLoader, metrics: [String]?) throws -> [(key: String, value: Double)] {
        var keys: [String] = []
        var sums: [String: Double] = [:]
        var samples = 0
        for index in 0..<loader.count {
            let batch: Batch
            do { batch = try loader.batch(at: index) } catch { throw RunnerError.dataFailed(message: "\(error)") }
            let result = try runner.evaluationStep(batch)
            for (key, value) in runner.outputs.values {
                if sums[key] == nil { keys.append(key) }
                sums[key, default: 0] += value * Double(result.numSamples)
            }
            samples += result.numSamples
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
