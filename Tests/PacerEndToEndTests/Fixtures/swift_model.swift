// SwiftSoftmaxRegression, a model plugin written with the PacerPluginKit's
// ModelPlugin and built by the tests out of tree with swiftc against
// plugin-sdk alone: softmax regression (one Linear layer, PyTorch's
// `fc.weight` [classes, in] and `fc.bias`) on inputs centred on a running
// mean kept as the buffer `input_mean`, seeded from `init_seed`.
#if canImport(Glibc)
import Glibc
#endif
import CPacer
import PacerPluginKit

final class SwiftSoftmaxRegression: ModelPlugin {
    static let typeName = "SwiftSoftmaxRegression"
    static let version = "1.0.0"
    static let summary = "softmax regression written with PacerPluginKit"
    static let options: [PluginOption] = [
        .int("in_features", default: 784, help: "values per sample"),
        .int("num_classes", default: 10, help: "number of classes"),
        .int("init_seed", default: 0, help: "seeds the initial weights; the host sets it to the run's seed"),
    ]

    private let inputs: Int, classes: Int
    private let weight: ModelTensor, bias: ModelTensor, inputMean: ModelTensor
    /// Centred inputs, logits and their gradients, for up to `capacity` samples.
    private var capacity = 0
    private var centred = UnsafeMutablePointer<Float>.allocate(capacity: 0)
    private var logits = UnsafeMutablePointer<Float>.allocate(capacity: 0)
    private var dlogits = UnsafeMutablePointer<Float>.allocate(capacity: 0)

    var parameters: [ModelTensor] { [weight, bias] }
    var buffers: [ModelTensor] { [inputMean] }

    init(config: PluginConfig) throws {
        inputs = try config.int("in_features", default: 784)
        classes = try config.int("num_classes", default: 10)
        guard inputs > 0, classes > 1 else {
            throw PluginFailure("SwiftSoftmaxRegression: in_features must be positive and num_classes at least 2",
                                status: .invalidArgument)
        }
        weight = ModelTensor(name: "fc.weight", shape: [classes, inputs])
        bias = ModelTensor(name: "fc.bias", shape: [classes])
        inputMean = ModelTensor(name: "input_mean", shape: [inputs], trainable: false)
        // PyTorch's nn.Linear default: uniform in +-1/sqrt(fan_in), from init_seed alone.
        var random = SeededRandom(seed: try config.int("init_seed", default: 0))
        let bound = 1 / Float(inputs).squareRoot()
        for i in weight.data.indices { weight.data[i] = random.uniform(in: -bound...bound) }
        for i in bias.data.indices { bias.data[i] = random.uniform(in: -bound...bound) }
    }

    func trainStep(_ step: ModelStep) throws -> ModelStepResult {
        let (n, labels) = try forward(step.batch, training: true)
        let (loss, _) = crossEntropy(n, labels, gradient: true)
        guard let dw = weight.grad?.baseAddress, let db = bias.grad?.baseAddress else {
            throw PluginFailure("SwiftSoftmaxRegression: a parameter has no gradient")
        }
        let (inputs, classes, centred, dlogits) = (inputs, classes, centred, dlogits)
        dw.update(repeating: 0, count: classes * inputs)
        db.update(repeating: 0, count: classes)
        for s in 0..<n {
            for c in 0..<classes {
                let g = dlogits[s * classes + c]
                db[c] += g
                for i in 0..<inputs { dw[c * inputs + i] += g * centred[s * inputs + i] }
            }
        }
        return ModelStepResult(loss: loss, numSamples: n)
    }

    func valStep(_ step: ModelStep) throws -> ModelStepResult {
        let (n, labels) = try forward(step.batch, training: false)
        let (loss, correct) = crossEntropy(n, labels, gradient: false)
        try step.report("accuracy", Double(correct) / Double(n))
        var written = 0
        if let scores = step.scores, step.scoreCapacity >= classes {
            for s in 0..<n {
                let row = logits + s * classes
                var top = row[0]
                for c in 1..<classes { top = max(top, row[c]) }
                var sum = 0.0
                for c in 0..<classes { sum += exp(Double(row[c] - top)) }
                for c in 0..<classes { scores[s * step.scoreCapacity + c] = Float(exp(Double(row[c] - top)) / sum) }
            }
            written = classes
        }
        return ModelStepResult(loss: loss, numSamples: n, scoreCount: written)
    }

    /// Checks the batch, moves the running mean (in training), centres the
    /// inputs and computes the logits; returns N and the labels.
    private func forward(_ batch: ModelBatch, training: Bool) throws -> (Int, UnsafeBufferPointer<Int64>) {
        let (inputs, classes) = (inputs, classes)
        let n = try batch.count, x = try batch.images, labels = try batch.labels
        guard x.count == n * inputs else {
            throw PluginFailure("SwiftSoftmaxRegression: each sample has \(x.count / n) values but in_features is "
                                + "\(inputs); set in_features", status: .invalidArgument)
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= Int64(classes) }) {
            throw PluginFailure("SwiftSoftmaxRegression: gt_label \(bad) is outside 0..\(classes - 1); "
                                + "set num_classes", status: .invalidArgument)
        }
        if capacity < n {
            for buffer in [centred, logits, dlogits] { buffer.deallocate() }
            (centred, logits, dlogits) = (.allocate(capacity: n * inputs), .allocate(capacity: n * classes),
                                          .allocate(capacity: n * classes))
            capacity = n
        }
        let (centred, logits) = (centred, logits)
        let (mean, w, b) = (inputMean.data, weight.data, bias.data)
        if training {
            for i in 0..<inputs {
                var sum: Float = 0
                for s in 0..<n { sum += x[s * inputs + i] }
                mean[i] += 0.1 * (sum / Float(n) - mean[i])
            }
        }
        for s in 0..<n {
            for i in 0..<inputs { centred[s * inputs + i] = x[s * inputs + i] - mean[i] }
        }
        for s in 0..<n {
            for c in 0..<classes {
                var sum = b[c]
                for i in 0..<inputs { sum += w[c * inputs + i] * centred[s * inputs + i] }
                logits[s * classes + c] = sum
            }
        }
        return (n, labels)
    }

    /// Mean softmax cross-entropy of the logits, the number of rows whose
    /// top logit is the label and, when asked, the gradient of the mean.
    private func crossEntropy(_ n: Int, _ labels: UnsafeBufferPointer<Int64>, gradient: Bool) -> (Double, Int) {
        var total = 0.0, correct = 0
        let (classes, logits, dlogits) = (classes, logits, dlogits)
        for s in 0..<n {
            let row = s * classes, label = Int(labels[s])
            var best = 0
            for c in 1..<classes where logits[row + c] > logits[row + best] { best = c }
            let top = logits[row + best]
            var sum = 0.0
            for c in 0..<classes { sum += exp(Double(logits[row + c] - top)) }
            total += log(sum) - Double(logits[row + label] - top)
            if best == label { correct += 1 }
            if gradient {
                for c in 0..<classes {
                    let p = exp(Double(logits[row + c] - top)) / sum
                    dlogits[row + c] = Float((p - (c == label ? 1 : 0)) / Double(n))
                }
            }
        }
        return (total / Double(n), correct)
    }

    deinit {
        for buffer in [centred, logits, dlogits] { buffer.deallocate() }
    }
}

private let library = PluginLibraryDescription(models: [SwiftSoftmaxRegression.self])

@c(pacer_plugin_entry) public func pacerPluginEntry() -> UnsafePointer<pacer_library> {
    library.pointer
}
