import Pacer
import PacerConfig

/// Builds the optimizer from `optimizer = dict(type=..., lr=..., ...)` over
/// the model's parameters: SGD, Adam or AdamW with PyTorch's options and
/// defaults, in one group, or one group per parameter with `paramwise_cfg`
/// (MMCV's `DefaultOptimizerConstructor`).
enum OptimizerBuilder {
    /// The optimizer types and the options each accepts.
    static let types: [String: [String]] = [
        "SGD": ["lr", "momentum", "dampening", "nesterov", "weight_decay"],
        "Adam": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
        "AdamW": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    ]

    static func build(_ config: ConfigSection, model: any Model) throws -> any Optimizer {
        let type = try config.typeName()
        guard let options = types[type] else {
            throw BuildError.invalid(config, "type",
                                     "is '\(type)', not a known optimizer (known: \(types.keys.sorted().joined(separator: ", ")))")
        }
        try config.requireOnly(["type", "paramwise_cfg"] + options, of: type)
        switch type {
        case "SGD": return try sgd(config, model: model)
        default: return try adam(config, model: model, decoupled: type == "AdamW")
        }
    }

    private static func sgd(_ config: ConfigSection, model: any Model) throws -> SGD {
        let lr = try config.double("lr")
        guard lr >= 0 else { throw BuildError.invalid(config, "lr", "must not be negative") }
        let momentum = try config.double("momentum", default: 0, where: { $0 >= 0 }, "must not be negative")
        let dampening = try config.double("dampening", default: 0)
        let nesterov = try config.bool("nesterov", default: false)
        if nesterov && (momentum == 0 || dampening != 0) {
            throw BuildError.invalid(config, "nesterov", "needs momentum > 0 and dampening = 0")
        }
        let groups = try ParamGroupBuilder.groups(config, model: model, lr: lr, momentum: momentum)
        return SGD(parameters: model.parameters, groups: groups, dampening: dampening, nesterov: nesterov)
    }

    private static func adam(_ config: ConfigSection, model: any Model, decoupled: Bool) throws -> Adam {
        let lr = try config.double("lr", default: 1e-3, where: { $0 >= 0 }, "must not be negative")
        let betas = try config.numbers("betas", default: [0.9, 0.999])
        guard betas.count == 2, betas.allSatisfy({ $0 >= 0 && $0 < 1 }) else {
            throw BuildError.invalid(config, "betas", "must be two numbers in [0, 1), got \(betas)")
        }
        let eps = try config.double("eps", default: 1e-8, where: { $0 >= 0 }, "must not be negative")
        let groups = try ParamGroupBuilder.groups(config, model: model, lr: lr, momentum: betas[0],
                                                  weightDecayDefault: decoupled ? 1e-2 : 0)
        return Adam(parameters: model.parameters, groups: groups, beta2: betas[1], eps: eps,
                    amsgrad: try config.bool("amsgrad", default: false), decay: decoupled ? .decoupled : .l2)
    }
}
