import Pacer
import PacerConfig

/// A model small enough to run hundreds of sessions in a test: `fc.weight`
/// (2 values) and `fc.bias` (1 value). Each train step writes the gradient
/// `param - target` (with `target` 1 for every value), so optimizers pull
/// the parameters towards 1; the loss is half the squared distance. The
/// val step reports `accuracy` from the config's `accuracies` list, one
/// value per evaluation (the last repeats), or `1 - loss` without one.
final class TinyModel: Model {
    let typeName = "TinyModel"
    let parameters: [Parameter]
    let buffers: [Parameter] = []
    private let storage: UnsafeMutablePointer<Float>
    private let accuracies: [Double]
    private var evaluations = 0

    init(config: ConfigSection) throws {
        accuracies = try (config.optionalList("accuracies") ?? []).map { try $0.double() }
        storage = .allocate(capacity: 6)
        storage.initialize(from: [0.5, -0.5, 0, 0, 0, 0], count: 6)
        parameters = [
            Parameter(name: "fc.weight", shape: [2], data: storage, grad: storage + 3),
            Parameter(name: "fc.bias", shape: [1], data: storage + 2, grad: storage + 5),
        ]
    }

    private var loss: Double {
        (0..<3).reduce(0.0) { $0 + 0.5 * Double((storage[$1] - 1) * (storage[$1] - 1)) }
    }

    func trainStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        let loss = self.loss
        for i in 0..<3 { storage[3 + i] = storage[i] - 1 }
        return StepResult(loss: loss, numSamples: batch.count)
    }

    func valStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        // Every evaluation starts with the batch whose first sample is 0.
        if batch.fields[0].data.assumingMemoryBound(to: Float.self)[0] == 0 { evaluations += 1 }
        let accuracy = accuracies.isEmpty ? 1 - loss : accuracies[min(evaluations, accuracies.count) - 1]
        runner.outputs.put("accuracy", accuracy)
        return StepResult(loss: loss, numSamples: batch.count)
    }

    deinit { storage.deallocate() }
}
