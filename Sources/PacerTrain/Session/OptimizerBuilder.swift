import Pacer
import PacerConfig

/// Builds the optimizer from `optimizer = dict(type='SGD', lr=..., ...)`
/// over all of the model's parameters in one group.
enum OptimizerBuilder {
    static func build(_ config: ConfigSection, model: any Model) throws -> any Optimizer {
        let type = try config.typeName()
        guard type == "SGD" else {
            throw BuildError.invalid(config, "type", "is '\(type)', not a known optimizer (known: SGD)")
        }
        let lr = try config.double("lr")
        guard lr >= 0 else { throw BuildError.invalid(config, "lr", "must not be negative") }
        let momentum = try config.double("momentum", default: 0)
        guard momentum >= 0 else { throw BuildError.invalid(config, "momentum", "must not be negative") }
        let weightDecay = try config.double("weight_decay", default: 0)
        guard weightDecay >= 0 else { throw BuildError.invalid(config, "weight_decay", "must not be negative") }
        let nesterov = try config.bool("nesterov", default: false)
        let dampening = try config.double("dampening", default: 0)
        if nesterov && (momentum == 0 || dampening != 0) {
            throw BuildError.invalid(config, "nesterov", "needs momentum > 0 and dampening = 0")
        }
        let group = ParamGroup(parameterIndices: Array(model.parameters.indices), lr: lr,
                               momentum: momentum, weightDecay: weightDecay)
        return SGD(parameters: model.parameters, groups: [group], dampening: dampening, nesterov: nesterov)
    }
}
