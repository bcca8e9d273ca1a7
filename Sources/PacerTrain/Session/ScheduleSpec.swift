/// A schedule read from `lr_config` or `momentum_config`: the policy's MMCV
/// name, the schedule, and how the updater drives it.
struct ScheduleSpec {
    /// MMCV's policy name ("Step", "CosineAnnealing").
    let name: String
    /// The schedule.
    let policy: any SchedulePolicy
    /// Whether progress counts epochs.
    let byEpoch: Bool
    /// The warmup, if any.
    let warmup: Warmup?
    /// Whether `warmup.iterations` counts epochs (LR only).
    let warmupByEpoch: Bool
}
