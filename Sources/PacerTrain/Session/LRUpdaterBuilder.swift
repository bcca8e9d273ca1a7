import Pacer
import PacerConfig

/// Builds the LR updater from `lr_config`, MMCV's `register_lr_hook`.
/// Policy names are case-insensitive ("step", "Step").
enum LRUpdaterBuilder {
    private static let policies = ["fixed": "Fixed", "step": "Step"]

    static func build(_ config: ConfigSection, byEpochDefault: Bool) throws -> LRUpdaterHook {
        let name = try config.string("policy")
        guard let policyName = policies[name.lowercased()] else {
            throw BuildError.invalid(config, "policy",
                                     "is '\(name)', not a known policy (known: \(policies.values.sorted().joined(separator: ", ")))")
        }
        let policy: any LRPolicy
        switch policyName {
        case "Step":
            policy = try StepLR(steps: steps(config), gamma: config.double("gamma", default: 0.1),
                                minLR: config.optionalDouble("min_lr"))
        default:
            policy = FixedLR()
        }
        return LRUpdaterHook(policyName: policyName, policy: policy,
                             byEpoch: try config.bool("by_epoch", default: byEpochDefault),
                             warmup: try warmup(config), warmupByEpoch: try config.bool("warmup_by_epoch", default: false))
    }

    private static func steps(_ config: ConfigSection) throws -> StepLR.Steps {
        let node = try config.value("step")
        if case .int(let every) = node.value {
            guard every > 0 else { throw BuildError.invalid(node, "must be a positive integer") }
            return .every(every)
        }
        let points = try node.list().map { try $0.int() }
        guard points.allSatisfy({ $0 > 0 }) else { throw BuildError.invalid(node, "must hold positive integers") }
        return .at(points)
    }

    private static func warmup(_ config: ConfigSection) throws -> Warmup? {
        guard let kindName = try config.optionalString("warmup") else { return nil }
        guard let kind = Warmup.Kind(rawValue: kindName) else {
            throw BuildError.invalid(config, "warmup", "is '\(kindName)'; valid types are constant, linear and exp")
        }
        let iterations = try config.int("warmup_iters", default: 0)
        guard iterations > 0 else { throw BuildError.invalid(config, "warmup_iters", "must be a positive integer") }
        let ratio = try config.double("warmup_ratio", default: 0.1)
        guard ratio > 0, ratio <= 1 else { throw BuildError.invalid(config, "warmup_ratio", "must be in (0, 1]") }
        return Warmup(kind: kind, iterations: iterations, ratio: ratio)
    }
}
