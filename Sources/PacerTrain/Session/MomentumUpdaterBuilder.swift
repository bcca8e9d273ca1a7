import Pacer
import PacerConfig

/// Builds the momentum updater from `momentum_config`, MMCV's
/// `register_momentum_hook`: step, CosineAnnealing, LinearAnnealing, cyclic
/// and OneCycle, with MMCV's dividing warmup (no `warmup_by_epoch`).
enum MomentumUpdaterBuilder {
    static func build(_ config: ConfigSection, runner: Runner) throws -> MomentumUpdaterHook {
        let spec = try ScheduleBuilder.build(config, target: .momentum, runner: runner)
        return MomentumUpdaterHook(policyName: spec.name, policy: spec.policy, byEpoch: spec.byEpoch,
                                   warmup: spec.warmup)
    }
}
