import Pacer
import PacerConfig
import PacerPlugins

/// Builds the optimizer from `optimizer = dict(type=..., lr=..., ...)` over
/// the model's parameters: SGD, Adam or AdamW with PyTorch's options and
/// defaults, in one group, or one group per parameter with `paramwise_cfg`
/// (MMCV's `DefaultOptimizerConstructor`).
enum OptimizerBuilder {
    /// The built-in optimizer types and the options each accepts (besides
    /// `type` and `paramwise_cfg`).
    static let builtIn: [String: [String]] = [
        "SGD": ["lr", "momentum", "dampening", "nesterov", "weight_decay"],
        "Adam": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
        "AdamW": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    ]

    /// Builds the built-in optimizer `type` (one of `builtIn`).
    static func build(_ type: String, _ config: ConfigSection, model: any Model) throws -> any Optimizer {
        switch type {
        case "SGD": return try sgd(config, model: model)
        default: return try adam(config, model: model, decoupled: type == "AdamW")
        }
    }

    /// Builds an optimizer plugin: the host makes the parameter groups from
    /// `lr`, `weight_decay` and the momentum (`momentum`, else the first of
    /// `betas`, else 0), then the plugin is created from the whole dict.
    static func plugin(_ plugin: PluginDescriptor, _ config: ConfigSection, model: any Model) throws -> any Optimizer {
        let view = try PluginOptionCheck.view(for: plugin, config)
        let lr = try config.double("lr", where: { $0 >= 0 }, "must not be negative")
        let betas = config.optionalValue("betas") == nil ? [] : try config.numbers("betas")
        let momentum = try config.optionalDouble("momentum") ?? betas.first ?? 0
        let groups = try ParamGroupBuilder.groups(config, model: model, lr: lr, momentum: momentum)
        let optimizer = try PluginOptimizer(plugin, config: view, parameters: model.parameters, groups: groups)
        try PluginOptionCheck.unasked(by: plugin, view, hostKeys: ["lr", "momentum", "weight_decay", "paramwise_cfg"])
        return optimizer
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
