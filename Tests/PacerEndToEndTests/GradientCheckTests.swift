import Pacer
import PacerConfig
import PacerTrain
import Testing

/// The gradients the C model plugins compute, against central differences
/// of their own loss: for entries spread over every parameter tensor,
/// (L(p + h) - L(p - h)) / 2h from two train steps must match what the train
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

    /// About a dozen entries of every parameter against central
    /// differences (``CentralDifferences``), on `count` training images.
    private static func check(_ model: ConfigDict, count: Int,
                              step: Float = 1e-3) throws -> CentralDifferences.Outcome {
        let (session, storage) = try prepare(model, count: count)
        return try CentralDifferences.check(session, on: storage, step: step, entriesPerTensor: 12, absolute: 1e-3)
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
