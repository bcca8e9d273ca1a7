import Pacer
import PacerConfig

/// The optimizer's parameter groups: all parameters in one group, or with a
/// non-empty `paramwise_cfg` one group per parameter with MMCV's
/// multipliers (`bias_lr_mult`, `bias_decay_mult`, `norm_decay_mult`,
/// `custom_keys`); see `ParamwiseRule` for how biases and norm parameters
/// are recognised by name.
enum ParamGroupBuilder {
    static func groups(_ config: ConfigSection, model: any Model, lr: Double, momentum: Double,
                       weightDecayDefault: Double = 0) throws -> [ParamGroup] {
        let explicitDecay = try config.optionalDouble("weight_decay")
        if let explicitDecay, explicitDecay < 0 {
            throw BuildError.invalid(config, "weight_decay", "must not be negative")
        }
        let weightDecay = explicitDecay ?? weightDecayDefault
        guard let paramwise = try config.optionalDict("paramwise_cfg"), !paramwise.entries.isEmpty else {
            return [ParamGroup(parameterIndices: Array(model.parameters.indices), lr: lr, momentum: momentum,
                               weightDecay: weightDecay)]
        }
        let rule = try self.rule(paramwise, hasWeightDecay: explicitDecay != nil)
        return rule.groups(for: model.parameters.map(\.name), lr: lr, momentum: momentum,
                           weightDecay: explicitDecay, defaultDecay: weightDecayDefault)
    }

    private static func rule(_ config: ConfigSection, hasWeightDecay: Bool) throws -> ParamwiseRule {
        try config.requireOnly(["bias_lr_mult", "bias_decay_mult", "norm_decay_mult", "custom_keys"],
                               of: "paramwise_cfg")
        var rule = ParamwiseRule()
        let nonNegative = "must not be negative"
        rule.biasLRMult = try config.double("bias_lr_mult", default: 1, where: { $0 >= 0 }, nonNegative)
        rule.biasDecayMult = try config.double("bias_decay_mult", default: 1, where: { $0 >= 0 }, nonNegative)
        rule.normDecayMult = try config.double("norm_decay_mult", default: 1, where: { $0 >= 0 }, nonNegative)
        for key in ["bias_decay_mult", "norm_decay_mult"] where config.optionalValue(key) != nil && !hasWeightDecay {
            throw BuildError.invalid(config, key, "needs the optimizer's weight_decay to be set (MMCV: base_wd should not be None)")
        }
        if let custom = try config.optionalDict("custom_keys") {
            rule.customKeys = try custom.entries.keys.map { key in
                let options = try custom.dict(key)
                try options.requireOnly(["lr_mult", "decay_mult"], of: "a custom key")
                return ParamwiseRule.CustomKey(
                    key: key, lrMult: try options.double("lr_mult", default: 1, where: { $0 >= 0 }, nonNegative),
                    decayMult: try options.double("decay_mult", default: 1, where: { $0 >= 0 }, nonNegative))
            }
        }
        return rule
    }
}
