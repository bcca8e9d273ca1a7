import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// mmcls's MobileNetV2 backbone in the ImageClassifier plugin
/// (libPacerImageClassifier.so): its parameters and buffers are mmcls's
/// state_dict keys with PyTorch's shapes, its gradients match central
/// differences at odd image sizes with BatchNorm in training and in eval,
/// the shipped Fashion-MNIST config trains, and a config it cannot build
/// fails before training with one line naming the key.
@Suite struct MobileNetV2Tests {
    /// An ImageClassifier over MobileNetV2 at `widen` of its widths for
    /// one-channel images, with mmcls's GlobalAveragePooling and LinearClsHead.
    static func model(widen: Double = 0.1, frozenStages: Int = -1, normEval: Bool = false,
                      headChannels: Int = 1280) -> ConfigDict { [
        "type": "ImageClassifier",
        "backbone": ["type": "MobileNetV2", "widen_factor": .double(widen), "in_channels": 1,
                     "frozen_stages": .int(frozenStages), "norm_eval": .bool(normEval)],
        "neck": ["type": "GlobalAveragePooling"],
        "head": ["type": "LinearClsHead", "num_classes": 10, "in_channels": .int(headChannels),
                 "loss": ["type": "CrossEntropyLoss", "loss_weight": 1.0]],
    ] }

    /// A session over `model`; its Fashion-MNIST data is never read here.
    static func session(_ model: ConfigDict) throws -> TrainingSession {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["model"] = .dict(model)
        return try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
    }

    @Test func parametersAndBuffersAreTheKeysAndShapesOfPyTorchsStateDict() throws {
        let model = try Self.session(Self.model()).runner.model
        let names = model.parameters.map(\.name)
        #expect(names.prefix(3) == ["backbone.conv1.conv.weight", "backbone.conv1.bn.weight", "backbone.conv1.bn.bias"])
        #expect(names.suffix(2) == ["head.fc.weight", "head.fc.bias"])
        #expect(model.buffers.prefix(2).map(\.name) == ["backbone.conv1.bn.running_mean", "backbone.conv1.bn.running_var"])
        let shapes = Dictionary(uniqueKeysWithValues: (model.parameters + model.buffers).map { ($0.name, $0.shape) })
        // layer1 (expand_ratio 1) has no expansion: its conv.0 is the depthwise convolution.
        #expect(shapes["backbone.layer1.0.conv.0.conv.weight"] == [8, 1, 3, 3])
        #expect(shapes["backbone.layer1.0.conv.2.conv.weight"] == nil)
        #expect(shapes["backbone.layer2.0.conv.0.conv.weight"] == [48, 8, 1, 1])
        #expect(shapes["backbone.layer2.0.conv.1.conv.weight"] == [48, 1, 3, 3])
        // make_divisible(96 * 0.1, 8) is 16: 8 would lose more than 10%.
        #expect(shapes["backbone.layer5.2.conv.2.bn.running_var"] == [16])
        #expect(shapes["backbone.conv2.conv.weight"] == [1280, 32, 1, 1])

        // Every key and shape of the state_dict PyTorch saved for the same network (export.py).
        let pytorch = try CheckpointFile.readWeights(
            Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/pytorch-export/mobilenet_v2.safetensors",
            allowUnverified: true)
        let keys = pytorch.names.filter { !$0.hasSuffix(".num_batches_tracked") }
        #expect(Set(keys) == Set(shapes.keys))
        #expect(keys.count == shapes.count)
        for key in keys { #expect(pytorch.get(key)?.shape == shapes[key], "\(key)") }
    }

    @Test func aWidenFactorAboveOneScalesTheLastConvolutionToo() throws {
        let model = try Self.session(Self.model(widen: 1.5, headChannels: 1920)).runner.model
        let shapes = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.shape) })
        #expect(shapes["backbone.conv1.conv.weight"] == [48, 1, 3, 3])
        #expect(shapes["backbone.conv2.conv.weight"] == [1920, 480, 1, 1])
        #expect(shapes["head.fc.weight"] == [10, 1920])
    }

    /// act_cfg=None, as in mmcls's ConvModule: no activation anywhere, so
    /// with BatchNorm in eval the network is affine: the differences of its
    /// log-scores between classes (those of its logits) for images a, b,
    /// a + b and 0 satisfy f(a + b) - f(b) = f(a) - f(0), and grow with the
    /// images where ReLU6 would clip them.
    @Test func actCfgNoneBuildsConvModulesWithoutActivation() throws {
        func additivityGap(_ model: ConfigDict) throws -> (gap: Double, scale: Double) {
            let session = try Self.session(model)
            let side = 29, pixels = side * side
            let storage = try Self.oddBatch(count: 4, side: side)
            let images = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
            for index in 0..<pixels {
                images[index] *= 1000 // MobileNetV2 at init, with eval BatchNorm, all but loses its input
                images[pixels + index] *= 1000
                images[2 * pixels + index] = images[index] + images[pixels + index]
                images[3 * pixels + index] = 0
            }
            let scores = UnsafeMutableBufferPointer<Float>.allocate(capacity: 4 * 10)
            defer { scores.deallocate() }
            session.runner.outputs.scoreBuffer = scores
            session.runner.outputs.scoreCapacity = 10
            _ = try session.runner.model.valStep(storage.batch, runner: session.runner)
            session.runner.outputs.scoreBuffer = nil
            func f(_ image: Int, _ j: Int) -> Double { log(Double(scores[image * 10 + j])) - log(Double(scores[image * 10])) }
            var gap = 0.0, scale = 0.0
            for j in 1..<10 {
                gap = max(gap, abs(f(2, j) - f(1, j) - f(0, j) + f(3, j)))
                scale = max(scale, abs(f(0, j) - f(3, j)))
            }
            return (gap, scale)
        }
        let linear = try additivityGap(FrozenStagesTests.withBackbone(Self.model(normEval: true), ["act_cfg": .null]))
        #expect(linear.scale > 1e-3 && linear.gap < 1e-3 * max(1, linear.scale), "\(linear)")
        // ReLU6 clips what the thousandfold images bring.
        let relu6 = try additivityGap(Self.model(normEval: true))
        #expect(relu6.scale * 100 < linear.scale, "\(relu6) against \(linear)")
    }

    /// `count` real Fashion-MNIST training images, zero-padded from 28x28 to
    /// side x side (37: odd extents 37, 19, 5 and 3 at the strides), with their labels.
    private static func oddBatch(count: Int, side: Int) throws -> BatchStorage {
        let padded = PaddedFashionMNIST.side, offset = (side - 28) / 2
        let (images, labels) = try PaddedFashionMNIST.samples(split: "train", count: count)
        let storage = BatchStorage(fields: [("img", .float32, [1, side, side]), ("gt_label", .int64, [])],
                                   capacity: count)
        let pixels = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        pixels.initialize(repeating: 0, count: count * side * side)
        for sample in 0..<count {
            for row in 0..<28 {
                for column in 0..<28 {
                    pixels[(sample * side + row + offset) * side + column + offset] =
                        images[(sample * padded + row + 2) * padded + column + 2]
                }
            }
        }
        labels.withUnsafeBytes { storage.batch.fields[1].data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return storage
    }

    /// About four entries of every parameter against central differences
    /// (``CentralDifferences``), on `count` images of side x side.
    private static func check(_ model: ConfigDict, step: Float, count: Int,
                              side: Int) throws -> CentralDifferences.Outcome {
        try CentralDifferences.check(session(model), on: oddBatch(count: count, side: side), step: step,
                                     entriesPerTensor: 4, absolute: 1.5e-3)
    }

    /// MobileNetV2 with act_cfg Tanh. With mmcls's ReLU6 most entries sit
    /// within any useful step of a kink: in training a parameter moves every
    /// value after it through the batch statistics, and in eval the
    /// unnormalised activations grow past 6 in most of conv2's 1280 channels.
    /// ReLU6 itself is checked in LayerGradientCheckTests, and the composed
    /// forward against PyTorch in PyTorchWeightsTests.
    static let smoothModel = FrozenStagesTests.withBackbone(model(), ["act_cfg": ["type": "Tanh"]])

    @Test func gradientsMatchCentralDifferencesAtAnOddSizeWithBatchNormInTraining() throws {
        let outcome = try Self.check(Self.smoothModel, step: 5e-3, count: 6, side: 37)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 500 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }

    @Test func gradientsMatchCentralDifferencesWithBatchNormInEval() throws {
        let model = FrozenStagesTests.withBackbone(Self.smoothModel, ["norm_eval": true])
        let outcome = try Self.check(model, step: 5e-3, count: 6, side: 37)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches)")
        #expect(outcome.checked >= 500 && outcome.atKinks * 10 <= outcome.checked, "\(outcome)")
    }

    /// configs/fashion_mnist/mobilenet_v2_0.5x.py through `pacer train`: one
    /// epoch of 4096 images, Resize 32 and Normalize, well above chance.
    @Test func theFashionMNISTConfigTrains() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", [
            "train", Fixtures.packageRoot + "/configs/fashion_mnist/mobilenet_v2_0.5x.py", "--work-dir", folder + "/work",
            "--cfg-options", "runner.max_epochs=1", "data.train.num_samples=4096", "data.val.num_samples=1000"])
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last { $0.contains("accuracy_top-1: ") },
                                "\(result.output)")
        let top1 = try #require(line.split(separator: " ").last.flatMap { Double($0) })
        #expect(top1 > 50, "\(line)")
        let saved = try CheckpointFile.read(folder + "/work/epoch_1.safetensors")
        #expect(saved.state.get("backbone.layer7.0.conv.2.bn.running_mean")?.shape == [160])
    }

    @Test func aMobileNetV2ConfigItCannotBuildFailsBeforeTrainingWithOneLineNamingTheKey() throws {
        let cases: [(backbone: [String: ConfigValue], expected: String)] = [
            (["widen_factor": 0], "'backbone.widen_factor' is 0; it must be above 0"),
            (["widen_factor": -0.5], "'backbone.widen_factor' is -0.5; it must be above 0"),
            (["out_indices": .tuple([8])], "'backbone.out_indices' must be integers in [0, 7]; entry 0 is not"),
            (["out_indices": .tuple([3, -1])], "'backbone.out_indices' must be integers in [0, 7]; entry 1 is not"),
            (["frozen_stages": 8], "'backbone.frozen_stages' must be an integer in [-1, 7]"),
            (["frozen_stages": -2], "'backbone.frozen_stages' must be an integer in [-1, 7]"),
            (["with_cp": true], "'backbone.with_cp' = True (activation checkpointing) is not supported"),
            (["conv_cfg": ["type": "Conv2d"]], "'backbone.conv_cfg' is not supported"),
            (["act_cfg": ["type": "HSwish"]], "'backbone.act_cfg.type' is 'HSwish'; use ReLU6, ReLU"),
            (["norm_cfg": ["type": "GN", "num_groups": 2]], "'backbone.norm_cfg.num_groups' is not an option of BN"),
            (["norm_cfg": ["type": "SyncBN"]], "'backbone.norm_cfg.type' is 'SyncBN'; only 'BN' is supported"),
            (["widen_factr": 0.5], "'backbone.widen_factr' is not an option of MobileNetV2; did you mean 'widen_factor'?"),
            ([:], "'head.in_channels' is 1000 but the neck gives 1280 channels"),
        ]
        for (options, expected) in cases {
            let folder = try Fixtures.temporaryDirectory()
            var config = Fixtures.smallConfig(workDir: folder + "/work")
            // Without backbone options, the head's 1000 channels are what does not fit.
            var model = Self.model(headChannels: options.isEmpty ? 1000 : 1280)
            var backbone: ConfigDict = ["type": "MobileNetV2", "in_channels": 1]
            for (key, value) in options { backbone[key] = value }
            model["backbone"] = .dict(backbone)
            config["model"] = .dict(model)
            try Fixtures.expectImageClassifierRefuses(config, in: folder, saying: expected)
        }
    }
}
