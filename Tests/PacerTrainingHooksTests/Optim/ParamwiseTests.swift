import Pacer
import PacerConfig
@testable import PacerTrain
import Testing

/// `paramwise_cfg`: one group per parameter with MMCV's multipliers, biases
/// and norm parameters recognised by name (docs: ParamwiseRule).
@Suite("paramwise_cfg")
struct ParamwiseTests {
    static let names = ["fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "layer1.0.norm.bias", "Encoder.LayerNorm.weight",
                        "head.weight", "head.bias"]

    @Test func biasesAreParametersNamedBias() {
        #expect(Self.names.filter(ParamwiseRule.isBias) == ["fc1.bias", "bn1.bias", "layer1.0.norm.bias", "head.bias"])
    }

    @Test func normParametersHaveNormOrBnInTheirModulePath() {
        #expect(Self.names.filter(ParamwiseRule.isNorm)
            == ["bn1.weight", "bn1.bias", "layer1.0.norm.bias", "Encoder.LayerNorm.weight"])
    }

    @Test func multipliersFollowMMCVsPrecedence() {
        var rule = ParamwiseRule()
        rule.biasLRMult = 2
        rule.biasDecayMult = 0
        rule.normDecayMult = 0.5
        rule.customKeys = [.init(key: "head", lrMult: 0.1, decayMult: 3)]
        let groups = rule.groups(for: Self.names, lr: 0.1, momentum: 0.9, weightDecay: 1e-4)
        #expect(groups.map(\.parameterIndices) == Self.names.indices.map { [$0] })
        // Custom keys win; norm beats bias for decay; norm biases keep the base lr.
        #expect(groups.map(\.lr) == [0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1])
        let decay = 1e-4
        #expect(groups.map(\.weightDecay) == [decay, decay * 0, decay * 0.5, decay * 0.5, decay * 0.5, decay * 0.5,
                                               decay * 3, decay * 3])
    }

    @Test func longerCustomKeysMatchFirst() {
        var rule = ParamwiseRule()
        rule.customKeys = [.init(key: "fc", lrMult: 2), .init(key: "fc1", lrMult: 3)]
        #expect(rule.groups(for: ["fc1.weight", "fc2.weight"], lr: 1, momentum: 0, weightDecay: nil).map(\.lr) == [3, 2])
    }

    @Test func aConfigGivesEveryParameterItsGroup() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.build(tinyConfig(.epoch, folder: folder, extra: [
            "optimizer": ["type": "SGD", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01,
                          "paramwise_cfg": ["bias_decay_mult": 0, "bias_lr_mult": 2]],
        ]), in: folder)
        let groups = try #require(session.runner.optimizer).paramGroups
        #expect(groups.map(\.lr) == [0.1, 0.2])
        #expect(groups.map(\.weightDecay) == [0.01, 0])
        #expect(groups.map(\.momentum) == [0.9, 0.9])
    }

    @Test func withoutParamwiseCfgAllParametersShareOneGroup() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.build(tinyConfig(.epoch, folder: folder, extra: [
            "optimizer": ["type": "SGD", "lr": 0.1],
        ]), in: folder)
        #expect(try #require(session.runner.optimizer).paramGroups.map(\.parameterIndices) == [[0, 1]])
    }
}
