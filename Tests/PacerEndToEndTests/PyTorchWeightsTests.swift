import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// State dicts PyTorch saved for mmcls's LeNet5, a ResNet_CIFAR and a
/// MobileNetV2 (Fixtures/pytorch-export: export.py writes them and
/// PyTorch's own log-probabilities on 8 real Fashion-MNIST test images)
/// load by their mmcls keys, and the ImageClassifier plugin gives
/// PyTorch's outputs.
@Suite struct PyTorchWeightsTests {
    private static let fixtures = Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/pytorch-export/"

    /// Loads `name`.safetensors into `model` as load_from does and checks
    /// the val step's scores against PyTorch's log_softmax.
    private func expectPyTorchsOutputs(_ model: ConfigDict, name: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["model"] = .dict(model)
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
        let runner = session.runner
        let report = try runner.loadCheckpoint(Self.fixtures + name + ".safetensors", allowUnverified: true)
        #expect(report.missing.isEmpty, "\(report)")
        #expect(report.unexpected.allSatisfy { $0.hasSuffix(".num_batches_tracked") }, "\(report)")

        let expected = try CheckpointFile.readWeights(Self.fixtures + name + "-expected.safetensors")
        let images = try #require(expected.get("img")), logProbs = try #require(expected.get("log_probs"))
        #expect(images.shape == [8, 1, 32, 32] && logProbs.shape == [8, 10])
        let storage = BatchStorage(fields: [("img", .float32, [1, 32, 32]), ("gt_label", .int64, [])], capacity: 8)
        images.copy(into: storage.batch.fields[0].data)
        storage.batch.fields[1].data.initializeMemory(as: Int64.self, repeating: 0, count: 8)
        let scores = UnsafeMutableBufferPointer<Float>.allocate(capacity: 8 * 10)
        defer { scores.deallocate() }
        runner.outputs.scoreBuffer = scores
        runner.outputs.scoreCapacity = 10
        _ = try runner.model.valStep(storage.batch, runner: runner)
        runner.outputs.scoreBuffer = nil

        let want = logProbs.bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        var worst = 0.0
        for (index, value) in want.enumerated() where value > -13 { // probabilities above 2e-6
            worst = max(worst, abs(Double(log(scores[index])) - Double(value)) / max(1, abs(Double(value))))
        }
        #expect(worst < 1e-4, "largest relative difference of a log-probability: \(worst)")
        #expect(want.filter { $0 > -13 }.count >= 8 * 3)
    }

    @Test func lenet5WeightsFromPyTorchGivePyTorchsOutputs() throws {
        try expectPyTorchsOutputs(ImageClassifierTests.lenet5, name: "lenet5")
    }

    @Test func resnetCIFARWeightsFromPyTorchGivePyTorchsOutputsWithBatchNormStatistics() throws {
        let model: ConfigDict = [
            "type": "ImageClassifier",
            "backbone": ["type": "ResNet_CIFAR", "depth": 18, "in_channels": 1, "stem_channels": 4, "base_channels": 4],
            "neck": ["type": "GlobalAveragePooling"],
            "head": ["type": "LinearClsHead", "num_classes": 10, "in_channels": 32],
        ]
        try expectPyTorchsOutputs(model, name: "resnet_cifar")
    }

    @Test func mobileNetV2WeightsFromPyTorchGivePyTorchsOutputs() throws {
        try expectPyTorchsOutputs(MobileNetV2Tests.model(), name: "mobilenet_v2")
    }

    /// Frozen stages' weights are buffers here, not parameters: they load
    /// by the same mmcls keys.
    @Test func mobileNetV2WeightsLoadIntoFrozenStagesToo() throws {
        try expectPyTorchsOutputs(MobileNetV2Tests.model(frozenStages: 7), name: "mobilenet_v2")
    }
}
