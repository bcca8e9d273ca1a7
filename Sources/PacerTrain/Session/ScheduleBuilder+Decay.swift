import PacerConfig

/// The decay policies: step, exp, poly, inv.
extension ScheduleBuilder {
    /// `step` (int or list of positive ints), `gamma` (0.1 for LR, 0.5 for
    /// momentum), `min_lr` / `min_momentum`.
    static func step(_ config: ConfigSection, target: ScheduleTarget) throws -> Made {
        let node = try config.value("step")
        let steps: StepSchedule.Steps
        if case .int(let every) = node.value {
            guard every > 0 else { throw BuildError.invalid(node, "must be a positive integer") }
            steps = .every(every)
        } else if case .list = node.value {
            steps = .at(try positiveInts(node))
        } else if case .tuple = node.value {
            steps = .at(try positiveInts(node))
        } else {
            throw BuildError.invalid(node, "must be an integer or a list of integers")
        }
        let policy = StepSchedule(steps: steps, gamma: try config.double("gamma", default: target == .lr ? 0.1 : 0.5),
                                  minLR: try config.optionalDouble(target.minKey))
        return Made(policy: policy)
    }

    /// `gamma` (required).
    static func exp(_ config: ConfigSection) throws -> Made {
        Made(policy: ExpSchedule(gamma: try config.double("gamma")))
    }

    /// `power` (1), `min_lr` (0).
    static func poly(_ config: ConfigSection) throws -> Made {
        Made(policy: PolySchedule(power: try config.double("power", default: 1),
                                  minimum: try config.double("min_lr", default: 0)))
    }

    /// `gamma` (required), `power` (1).
    static func inv(_ config: ConfigSection) throws -> Made {
        Made(policy: InvSchedule(gamma: try config.double("gamma"), power: try config.double("power", default: 1)))
    }

    private static func positiveInts(_ node: ConfigNode) throws -> [Int] {
        let items = try node.list()
        guard !items.isEmpty else { throw BuildError.invalid(node, "must not be empty") }
        return try items.map { item in
            let value = try item.int()
            guard value > 0 else { throw BuildError.invalid(item, "must be a positive integer") }
            return value
        }
    }
}
