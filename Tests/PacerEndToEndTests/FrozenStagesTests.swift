import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// `frozen_stages` as mmcls has it, for ResNet_CIFAR, ResNet and
/// MobileNetV2: the frozen weights have requires_grad=False there, so
/// torch's SGD never touches them; here the ImageClassifier plugin lists
/// them as buffers, so the optimizer never sees them, while checkpoints and
/// load_from carry them under their mmcls names. Frozen stages keep their
/// BatchNorm in eval mode, so their running statistics stay too.
@Suite struct FrozenStagesTests {
    /// A model, the name prefixes of its frozen modules, and those of the
    /// frozen modules whose BatchNorm mmcls still trains (MobileNetV2's conv1).
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let model: ConfigDict
        let frozen: [String]
        let frozenInTrainingMode: [String]
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "ResNet_CIFAR", model: withBackbone(ImageClassifierTests.tinyResNet, ["frozen_stages": 1]),
             frozen: ["backbone.conv1.", "backbone.bn1.", "backbone.layer1."], frozenInTrainingMode: []),
        Case(name: "ResNet", model: withBackbone(ImageClassifierTests.tinyResNet, [
                "type": "ResNet", "frozen_stages": 1, "deep_stem": true]),
             frozen: ["backbone.stem.", "backbone.layer1."], frozenInTrainingMode: []),
        Case(name: "MobileNetV2", model: MobileNetV2Tests.model(frozenStages: 2),
             frozen: ["backbone.conv1.", "backbone.layer1.", "backbone.layer2."],
             frozenInTrainingMode: ["backbone.conv1.bn.running_"]),
    ]

    /// `model` with `options` set in its backbone.
    static func withBackbone(_ model: ConfigDict, _ options: [String: ConfigValue]) -> ConfigDict {
        guard case .dict(var backbone)? = model["backbone"] else { return model }
        for (key, value) in options { backbone[key] = value }
        var changed = model
        changed["backbone"] = .dict(backbone)
        return changed
    }

    /// Every parameter and buffer of `model`, by name, as it is now.
    private static func snapshot(_ tensors: [Parameter]) -> [String: StateTensor] {
        Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, StateTensor(copying: $0.data, shape: $0.shape)) })
    }

    @Test(arguments: cases)
    func frozenWeightsAndStatisticsStayBitForBitThroughSGDWithWeightDecayAndMomentum(_ frozenCase: Case) throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1)
        config["model"] = .dict(frozenCase.model)
        config["optimizer"] = ["type": "SGD", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.01]
        let path = try Fixtures.writeConfig(config, in: folder)
        let session = try TrainingSession(config: ConfigLoader.load(path: path))
        let model = session.runner.model
        func isFrozen(_ name: String) -> Bool { frozenCase.frozen.contains { name.hasPrefix($0) } }
        func staysInTraining(_ name: String) -> Bool { frozenCase.frozenInTrainingMode.contains { name.hasPrefix($0) } }

        // The optimizer's list holds no frozen weight; the buffers hold every one.
        let trained = model.parameters.map(\.name), kept = model.buffers.map(\.name)
        #expect(!trained.contains(where: isFrozen), "\(trained.filter(isFrozen))")
        #expect(kept.filter { isFrozen($0) && $0.hasSuffix(".weight") }.count >= 4, "\(kept)")
        #expect(trained.contains { $0.hasPrefix("backbone.layer2.") || $0.hasPrefix("backbone.layer3.") })

        let before = Self.snapshot(model.parameters + model.buffers)
        try session.run()
        let after = Self.snapshot(model.parameters + model.buffers)
        for (name, initial) in before {
            if isFrozen(name) && !staysInTraining(name) {
                #expect(after[name] == initial, "\(name) moved although frozen")
            } else if trained.contains(name) || name.hasSuffix(".running_mean") {
                #expect(after[name] != initial, "\(name) did not move")
            }
        }

        // The checkpoint carries the frozen tensors, and no optimizer state for them.
        let checkpoint = folder + "/work/epoch_1.safetensors"
        let saved = try CheckpointFile.read(checkpoint)
        for name in kept where isFrozen(name) {
            #expect(saved.state.get(name) == after[name], "\(name) is not in the checkpoint as it is in the model")
        }
        let momenta = saved.state.names.filter { $0.hasPrefix("optimizer.momentum_buffer.") }
        #expect(momenta.count == trained.count, "\(momenta)")
        #expect(!momenta.contains { isFrozen(String($0.dropFirst("optimizer.momentum_buffer.".count))) })

        // load_from into a differently initialised model restores them by name.
        var other = config, otherModel = frozenCase.model
        otherModel["init_seed"] = 7
        other["model"] = .dict(otherModel)
        other["work_dir"] = .string(folder + "/other")
        let loaded = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(other, in: folder,
                                                                                               name: "other.json")))
        let frozenWeight = try #require(kept.first { isFrozen($0) && $0.hasSuffix(".weight") && !$0.contains(".bn") })
        #expect(Self.snapshot(loaded.runner.model.buffers)[frozenWeight] != after[frozenWeight])
        let report = try loaded.runner.loadCheckpoint(checkpoint)
        #expect(report.missing.isEmpty, "\(report)")
        let restored = Self.snapshot(loaded.runner.model.parameters + loaded.runner.model.buffers)
        for name in kept where isFrozen(name) { #expect(restored[name] == after[name], "\(name) did not load") }
    }
}
