/// A schedule that cannot run with this run's length, found at `before_run`
/// (only an EpochBasedRunner's length is unknown before then).
public enum ScheduleError: Error, CustomStringConvertible, Equatable {
    /// OneCycle's `total_steps` is below the run's iteration budget.
    case totalStepsTooFew(totalSteps: Int, maxIters: Int)
    /// Cyclic's cycles are shorter than one iteration.
    case cyclesTooMany(cyclicTimes: Int, maxIters: Int)
    /// CosineRestart's periods end before training does.
    case periodsTooShort(sum: Int, total: Int)
    /// A per-group list has the wrong length.
    case groupCount(key: String, expected: Int, got: Int)

    /// The option the error is about.
    public var key: String {
        switch self {
        case .totalStepsTooFew: return "total_steps"
        case .cyclesTooMany: return "cyclic_times"
        case .periodsTooShort: return "periods"
        case .groupCount(let key, _, _): return key
        }
    }

    /// One line naming the option and what the run needs.
    public var description: String {
        switch self {
        case .totalStepsTooFew(let totalSteps, let maxIters):
            return "'total_steps' (\(totalSteps)) must be at least the run's max iterations (\(maxIters))"
        case .cyclesTooMany(let cyclicTimes, let maxIters):
            return "'cyclic_times' (\(cyclicTimes)) leaves cycles of no iteration in a run of \(maxIters)"
        case .periodsTooShort(let sum, let total):
            return "'periods' sum to \(sum), fewer than the \(total) epochs or iterations of the run"
        case .groupCount(let key, let expected, let got):
            return "'\(key)' has \(got) values for \(expected) parameter group(s)"
        }
    }
}
