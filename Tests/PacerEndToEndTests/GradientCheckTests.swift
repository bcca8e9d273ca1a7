import Pacer
import PacerConfig
import PacerTrain
import Testing

/// The gradients the C model plugins compute, against central differences
/// of their own loss: for entries spread over every parameter tensor,
/// (L(p + h) - L(p - h)) / 2h from two val steps must match what the train
/// step wrote into the gradient. Real Fashion-MNIST images, small networks
/// with odd sizes (the CNN's third block pools 7x7 to 3x3, dropping a
/// trailing row and column; a batch of 6). Entries that sit within the
/// step of a kink are left out, at most one in ten.
@Suite struct GradientCheckTests {
    /// A model built by the plugin loader from `model`, and a batch of
    /// `count` training images.
    private static func prepare(_ model: ConfigDict, count: Int) throws -> (TrainingSession, BatchStorage) {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["model"] = .dict(model)
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: MNISTDataset.debianFashionMNIST, testMode: false, limit: count)
        let storage = dataset.makeBatchStorage(capacity: count)
        dataset.gather(Array(0..<count)[...], epoch: 0, into: storage)
        return (session, storage)
    }

    /// What the check found.
    private struct Outcome {
        /// Entries compared.
        var checked = 0
        /// Entries left out because the loss has a kink within the step of
        /// them (a ReLU or a max pooling switch): the one-sided differences
        /// disagree there, and no finite difference is the derivative.
        var atKinks = 0
        /// Entries whose gradient disagrees with the central difference.
        var mismatches: [String] = []
    }

    /// Every checked entry's analytic gradient against its central
    /// difference.
    private static func check(_ model: ConfigDict, count: Int, step: Float = 1e-3) throws -> Outcome {
        let (session, storage) = try prepare(model, count: count)
        let runner = session.runner, network = runner.model
        _ = try network.trainStep(storage.batch, runner: runner)
        let base = try network.valStep(storage.batch, runner: runner).loss
        var outcome = Outcome()
        for parameter in network.parameters {
            guard let grad = parameter.grad else { continue }
            let analytic = Array(UnsafeBufferPointer(start: grad, count: parameter.count))
            let stride = max(1, parameter.count / 12)
            for index in Swift.stride(from: parameter.count % stride, to: parameter.count, by: stride) {
                let saved = parameter.data[index]
                parameter.data[index] = saved + step
                let up = try network.valStep(storage.batch, runner: runner).loss
                parameter.data[index] = saved - step
                let down = try network.valStep(storage.batch, runner: runner).loss
                parameter.data[index] = saved
                let h = Double(step)
                if abs((up - base) / h - (base - down) / h) > 2e-3 + 0.05 * abs((up - down) / (2 * h)) {
                    outcome.atKinks += 1
                    continue
                }
                outcome.checked += 1
                let numeric = (up - down) / (2 * h)
                let expected = Double(analytic[index])
                if abs(numeric - expected) > 1e-3 + 0.02 * abs(expected) {
                    outcome.mismatches.append("\(parameter.name)[\(index)]: train step \(expected), difference \(numeric)")
                }
            }
        }
        return outcome
    }

    @Test func theCNNPluginsGradientsMatchCentralDifferences() throws {
        let outcome = try Self.check(
            ["type": "CNNClassifier", "image_size": 28, "channels": [3, 5, 4], "kernel_size": 3, "padding": 1,
             "hidden": [7], "num_classes": 10], count: 6)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 60 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }

    @Test func theMLPPluginsGradientsMatchCentralDifferences() throws {
        let outcome = try Self.check(
            ["type": "MLPClassifier", "in_features": 784, "hidden": [9, 5], "num_classes": 10], count: 6)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 60 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }
}
