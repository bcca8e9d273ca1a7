/// A schedule of a hyper-parameter (a learning rate or a momentum): MMCV's
/// `get_lr` / `get_momentum`, the value a group gets at a point of training
/// before any warmup. Schedules are stateless functions of the run's
/// counters, which is what makes them resume correctly.
public protocol SchedulePolicy: Sendable {
    /// MMCV's `before_run`: the base value of every group, given the
    /// groups' initial values, the run's iteration budget and `total`, the
    /// budget in the updater's unit (epochs or iterations). Throws when the
    /// run does not fit the schedule (OneCycle's `total_steps`).
    func bases(initial: [Double], maxIters: Int, total: Int) throws -> [Double]
    /// The regular (un-warmed) value of group `group`, whose base value is
    /// `base`, at `progress` of `total` (epochs when the updater counts
    /// epochs, else iterations).
    func value(group: Int, base: Double, progress: Int, total: Int) -> Double
}

/// A schedule whose value depends on the base value alone, not on which
/// group it belongs to: every MMCV policy except OneCycle momentum.
public protocol UniformSchedulePolicy: SchedulePolicy {
    /// The value for `base` at `progress` of `total`.
    func value(base: Double, progress: Int, total: Int) -> Double
}

extension SchedulePolicy {
    /// The groups' initial values (MMCV's `initial_lr` / `initial_momentum`).
    public func bases(initial: [Double], maxIters: Int, total: Int) throws -> [Double] { initial }
}

extension UniformSchedulePolicy {
    /// The same value for every group with this base.
    public func value(group: Int, base: Double, progress: Int, total: Int) -> Double {
        value(base: base, progress: progress, total: total)
    }

    /// The value as a learning rate (MMCV's `get_lr`).
    public func lr(base: Double, progress: Int, total: Int) -> Double {
        value(base: base, progress: progress, total: total)
    }
}

/// A learning-rate schedule. The LR and momentum updaters share one kind
/// of schedule: MMCV's momentum formulas are its LR formulas applied to a
/// base momentum.
public typealias LRPolicy = SchedulePolicy
