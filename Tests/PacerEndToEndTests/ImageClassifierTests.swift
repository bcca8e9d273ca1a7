import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// mmcls's ImageClassifier built by name from the model config (the
/// ImageClassifier plugin, libPacerImageClassifier.so): its parameters
/// carry mmcls's state_dict keys and PyTorch's shapes, its gradients match
/// central differences end to end, it learns real Fashion-MNIST, and a
/// config that cannot work fails before training with one line naming
/// the key.
@Suite struct ImageClassifierTests {
    /// mmcls's configs/_base_/models/lenet5.py.
    static let lenet5: ConfigDict = [
        "type": "ImageClassifier",
        "backbone": ["type": "LeNet5", "num_classes": 10],
        "neck": .null,
        "head": ["type": "ClsHead", "loss": ["type": "CrossEntropyLoss", "loss_weight": 1.0], "topk": .tuple([1, 5])],
    ]

    /// A ResNet_CIFAR depth 18 at a sixteenth of its widths, two stages,
    /// for one-channel images.
    static let tinyResNet = tinyResNet(normEval: false)

    static func tinyResNet(normEval: Bool) -> ConfigDict { [
        "type": "ImageClassifier",
        "backbone": ["type": "ResNet_CIFAR", "depth": 18, "in_channels": 1, "stem_channels": 4, "base_channels": 4,
                     "num_stages": 2, "strides": .tuple([1, 2]), "dilations": .tuple([1, 1]), "out_indices": .tuple([1]),
                     "zero_init_residual": false, "norm_eval": .bool(normEval)],
        "neck": ["type": "GlobalAveragePooling"],
        "head": ["type": "LinearClsHead", "num_classes": 10, "in_channels": 8,
                 "loss": ["type": "LabelSmoothLoss", "label_smooth_val": 0.1, "loss_weight": 1.0]],
    ] }

    /// A session over `model` (Fashion-MNIST data in the config, never read
    /// by these checks) and the model it built.
    private static func session(_ model: ConfigDict) throws -> TrainingSession {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["model"] = .dict(model)
        return try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
    }

    /// About a dozen entries of every parameter against central
    /// differences (``CentralDifferences``), on `count` padded training images.
    private static func check(_ model: ConfigDict, count: Int, step: Float,
                              absolute: Double = 1e-3) throws -> CentralDifferences.Outcome {
        try CentralDifferences.check(session(model), on: PaddedFashionMNIST.batch(count: count), step: step,
                                     entriesPerTensor: 12, absolute: absolute)
    }

    @Test func lenet5sParametersAreMMClsStateDictKeysWithPyTorchShapes() throws {
        let model = try Self.session(Self.lenet5).runner.model
        #expect(model.parameters.map(\.name) == [
            "backbone.features.0.weight", "backbone.features.0.bias", "backbone.features.3.weight",
            "backbone.features.3.bias", "backbone.features.6.weight", "backbone.features.6.bias",
            "backbone.classifier.0.weight", "backbone.classifier.0.bias", "backbone.classifier.2.weight",
            "backbone.classifier.2.bias",
        ])
        #expect(model.parameters.map(\.shape) == [[6, 1, 5, 5], [6], [16, 6, 5, 5], [16], [120, 16, 5, 5], [120],
                                                  [84, 120], [84], [10, 84], [10]])
        #expect(model.buffers.isEmpty)
    }

    @Test func resnetCIFARsParametersAndBatchNormBuffersAreMMClsStateDictKeys() throws {
        let model = try Self.session(Self.tinyResNet).runner.model
        let names = model.parameters.map(\.name), buffers = model.buffers.map(\.name)
        #expect(names.prefix(3) == ["backbone.conv1.weight", "backbone.bn1.weight", "backbone.bn1.bias"])
        #expect(names.contains("backbone.layer1.1.conv2.weight") && names.contains("backbone.layer2.0.downsample.0.weight")
                && names.contains("backbone.layer2.0.downsample.1.bias"))
        #expect(!names.contains("backbone.layer1.0.downsample.0.weight"))
        #expect(names.suffix(2) == ["head.fc.weight", "head.fc.bias"])
        #expect(model.parameters.first { $0.name == "backbone.layer2.0.conv1.weight" }?.shape == [8, 4, 3, 3])
        #expect(model.parameters.last?.shape == [10])
        #expect(buffers.prefix(2) == ["backbone.bn1.running_mean", "backbone.bn1.running_var"])
        #expect(buffers.count == 2 * (1 + 2 * 4 + 1))
    }

    @Test func lenet5sGradientsMatchCentralDifferences() throws {
        let outcome = try Self.check(Self.lenet5, count: 6, step: 1e-3)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 100 && outcome.atKinks == 0, "\(outcome)")
    }

    @Test func aTinyResNetCIFARsGradientsMatchCentralDifferencesWithBatchNormInTraining() throws {
        let outcome = try Self.check(Self.tinyResNet, count: 5, step: 5e-3, absolute: 1.5e-3)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 240 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }

    @Test func aTinyResNetCIFARsGradientsMatchWithBatchNormInEval() throws {
        let outcome = try Self.check(Self.tinyResNet(normEval: true), count: 5, step: 5e-3, absolute: 1.5e-3)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 220 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }

    @Test func aSequentialWithDropoutAndAStackedHeadMatchesCentralDifferences() throws {
        let model: ConfigDict = [
            "type": "ImageClassifier",
            "backbone": ["type": "Sequential", "in_channels": 1, "layers": [
                ["type": "Conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1,
                 "bias": false],
                ["type": "BatchNorm2d", "num_features": 4],
                ["type": "GELU"],
                ["type": "Conv2d", "in_channels": 4, "out_channels": 4, "kernel_size": 3, "groups": 4],
                ["type": "Sigmoid"],
                ["type": "AvgPool2d", "kernel_size": 3, "stride": 2, "padding": 1],
                ["type": "AdaptiveAvgPool2d", "output_size": .tuple([3, 2])],
                ["type": "Flatten"],
            ]],
            "head": ["type": "StackedLinearClsHead", "num_classes": 10, "in_channels": 24, "mid_channels": [9],
                     "dropout_rate": 0.25, "act_cfg": ["type": "Tanh"], "norm_cfg": ["type": "BN1d"]],
        ]
        let outcome = try Self.check(model, count: 7, step: 1e-2)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 80 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }

    /// One epoch of 8192 samples at batch 64 with SGD (lr 0.05, five times
    /// mmcls's lenet5 config, to get somewhere in 128 steps); about 0.73 here.
    @Test func lenet5LearnsPaddedFashionMNISTInOneEpoch() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1, loggers: [["type": "TextLoggerHook"]])
        config["model"] = .dict(Self.lenet5)
        let train = try PaddedFashionMNIST.writeNumpy(split: "train", count: 8192, name: "train", in: folder)
        let val = try PaddedFashionMNIST.writeNumpy(split: "test", count: 1024, name: "val", in: folder)
        config["data"] = [
            "samples_per_gpu": 64,
            "train": .dict(train),
            "val": .dict(val),
        ]
        config["optimizer"] = ["type": "SGD", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.0001]
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
        try session.run()

        let name = try #require(FileManager.default.contentsOfDirectory(atPath: folder + "/work")
            .first { $0.hasSuffix(".log.json") })
        let lines = try String(contentsOfFile: folder + "/work/" + name, encoding: .utf8).split(separator: "\n")
        let last = try #require(lines.last { $0.contains("\"mode\": \"val\"") })
        let accuracy = try #require(Double(last[last.range(of: "\"accuracy\": ")!.upperBound...].prefix { $0 != "," && $0 != "}" }))
        #expect(accuracy > 0.65, "\(last)")
        let saved = try CheckpointFile.read(folder + "/work/epoch_1.safetensors")
        #expect(saved.state.get("backbone.features.0.weight")?.shape == [6, 1, 5, 5])
        #expect(saved.state.get("backbone.classifier.2.bias")?.shape == [10])
    }

    @Test func aModelConfigThatCannotWorkFailsBeforeTrainingWithOneLineNamingTheKey() throws {
        let resnet: ConfigDict = ["type": "ResNet_CIFAR", "depth": 18, "in_channels": 1]
        let linearHead: ConfigDict = ["type": "LinearClsHead", "num_classes": 10, "in_channels": 512]
        let cases: [(backbone: ConfigDict, head: ConfigDict, expected: String)] = [
            (["type": "LeNet7"], ["type": "ClsHead"], "'backbone.type' is 'LeNet7', not a backbone Pacer has"),
            (["type": "ResNet_CIFAR", "depth": 20], linearHead, "'backbone.depth' is 20, which ResNet_CIFAR does not have"),
            (resnet, ["type": "LinearClsHead", "num_classes": 10, "in_channels": 256],
             "'head.in_channels' is 256 but the neck gives 512 channels"),
            (resnet, ["type": "LinearClsHead", "num_classes": 10], "'head.in_channels' is required"),
            (resnet, ["type": "ConvClsHead"], "'head.type' is 'ConvClsHead', not a head Pacer has"),
            (["type": "Sequential", "in_channels": 1, "layers": [["type": "Conv2d", "in_channels": 2, "out_channels": 4,
                                                                   "kernel_size": 3]]],
             ["type": "ClsHead"], "'backbone.layers.0.in_channels' is 2 but the layer before gives 1 channels"),
            (["type": "Sequential", "layers": [["type": "Conv3d"]]], ["type": "ClsHead"],
             "'backbone.layers.0.type' is 'Conv3d', not a layer Sequential knows"),
            (["type": "LeNet5", "num_clases": 10], ["type": "ClsHead"],
             "'backbone.num_clases' is not an option of LeNet5; did you mean 'num_classes'?"),
            (resnet, ["type": "LinearClsHead", "num_classes": 10, "in_channel": 512],
             "'head.in_channel' is not an option of LinearClsHead; did you mean 'in_channels'?"),
            (resnet, ["type": "ClsHead", "loss": ["type": "LabelSmoothLoss", "label_smooth": 0.1]],
             "'head.loss.label_smooth' is not an option of LabelSmoothLoss; did you mean 'label_smooth_val'?"),
        ]
        for (backbone, head, expected) in cases {
            let folder = try Fixtures.temporaryDirectory()
            var config = Fixtures.smallConfig(workDir: folder + "/work")
            config["model"] = ["type": "ImageClassifier", "backbone": .dict(backbone),
                               "neck": ["type": "GlobalAveragePooling"], "head": .dict(head)]
            try Fixtures.expectImageClassifierRefuses(config, in: folder, saying: expected)
        }
    }
}
