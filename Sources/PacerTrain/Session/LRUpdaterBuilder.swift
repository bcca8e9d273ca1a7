import Pacer
import PacerConfig

/// Builds the LR updater from `lr_config`, MMCV's `register_lr_hook`.
/// Policy names are case-insensitive ("step", "Step", "cosineannealing").
enum LRUpdaterBuilder {
    static func build(_ config: ConfigSection, runner: Runner) throws -> LRUpdaterHook {
        let spec = try ScheduleBuilder.build(config, target: .lr, runner: runner)
        return LRUpdaterHook(policyName: spec.name, policy: spec.policy, byEpoch: spec.byEpoch,
                             warmup: spec.warmup, warmupByEpoch: spec.warmupByEpoch)
    }
}
