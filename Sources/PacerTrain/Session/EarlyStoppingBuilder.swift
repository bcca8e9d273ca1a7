import Pacer
import PacerConfig

/// Builds `custom_hooks = [dict(type='EarlyStoppingHook', monitor='accuracy',
/// rule=None, patience=5, min_delta=0, by_epoch=None)]`. The rule is
/// inferred from the monitor's name as EvalHook infers it when not given.
enum EarlyStoppingBuilder {
    /// The options it accepts.
    static let options = ["monitor", "rule", "patience", "min_delta", "by_epoch"]

    static func build(_ config: ConfigSection) throws -> EarlyStoppingHook {
        let monitor = try config.string("monitor")
        let rule: EvalRule
        if let name = try config.optionalString("rule") {
            guard let given = EvalRule(rawValue: name) else {
                throw BuildError.invalid(config, "rule", "is '\(name)'; it must be 'greater', 'less' or None")
            }
            rule = given
        } else if let inferred = EvalRule.infer(for: monitor) {
            rule = inferred
        } else {
            throw BuildError.invalid(config, "monitor", "is '\(monitor)', whose rule cannot be inferred; set rule='greater' or 'less'")
        }
        return EarlyStoppingHook(
            monitor: monitor, rule: rule,
            patience: try config.int("patience", default: 5, where: { $0 > 0 }, "must be a positive integer"),
            minDelta: try config.double("min_delta", default: 0, where: { $0 >= 0 }, "must not be negative"),
            byEpoch: try config.optionalBool("by_epoch"))
    }
}
