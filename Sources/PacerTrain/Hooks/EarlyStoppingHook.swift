import Pacer

/// Stops training when a monitored metric stops improving: after
/// `patience` evaluations in a row without an improvement of more than
/// `minDelta` over the best value, it asks the runner to stop
/// (`requestStop(reason:)`); the runner finishes the iteration, calls the
/// end-of-epoch hooks and `after_run`. A metric that is not finite stops
/// at once. MMCV has no such hook; this follows MMEngine's and Keras'.
///
/// It watches every evaluation of the run's `EvalHook` (`evaluation =
/// dict(...)`), which tells it its metrics, and the averages of every
/// `('val', N)` workflow epoch.
public final class EarlyStoppingHook: StatefulHook, EvaluationObserver {
    /// "EarlyStoppingHook".
    public let typeName = "EarlyStoppingHook"
    /// "built-in".
    public let origin = "built-in"
    /// after_val_epoch (workflow val epochs); EvalHook calls it directly.
    public let stages: Set<HookStage> = [.afterValEpoch]
    /// The metric to watch ("accuracy").
    public let monitor: String
    /// Whether greater or less is better.
    public let rule: EvalRule
    /// Evaluations without improvement before stopping (positive).
    public let patience: Int
    /// The margin an improvement must exceed.
    public let minDelta: Double
    /// Whether it follows an evaluation by epoch (true) or by iteration;
    /// nil follows the run's `evaluation`.
    public let byEpoch: Bool?
    /// The best value so far.
    public private(set) var best: Double?
    /// Evaluations since the last improvement.
    public private(set) var wait = 0

    /// MMEngine's default priority for it: LOWEST.
    public static let defaultPriority = Priority.lowest

    /// A hook watching `monitor`.
    public init(monitor: String, rule: EvalRule, patience: Int, minDelta: Double, byEpoch: Bool? = nil) {
        self.monitor = monitor
        self.rule = rule
        self.patience = patience
        self.minDelta = minDelta
        self.byEpoch = byEpoch
    }

    /// At the end of a workflow val epoch: the epoch's averages.
    public func call(_ stage: HookStage, runner: Runner) throws {
        runner.logBuffer.average()  // what the loggers print for the val epoch
        let output = runner.logBuffer.output.map { (key: $0.key, value: $0.value) }
        try evaluated(output, runner: runner)
    }

    /// Decides on one evaluation's metrics.
    public func evaluated(_ results: [(key: String, value: Double)], runner: Runner) throws {
        guard let score = results.first(where: { $0.key == monitor })?.value else {
            throw EarlyStoppingError.missingMetric(monitor, available: results.map(\.key))
        }
        guard score.isFinite else {
            return stop(runner, "early stopping: \(monitor) is \(score)")
        }
        if let best, !rule.improves(score, over: best, minDelta: minDelta) {
            wait += 1
            if wait >= patience {
                stop(runner, "early stopping: \(monitor) has not improved on \(best) for \(wait) evaluation(s)")
            }
        } else {
            best = score
            wait = 0
        }
    }

    private func stop(_ runner: Runner, _ reason: String) {
        Console.out(reason)
        runner.requestStop(reason: reason)
    }

    /// Saves the best value and the evaluations waited.
    public func saveState(into state: StateDict, prefix: String) throws {
        guard let best else { return }
        state.put(prefix + "progress", DoubleState.tensor([best, Double(wait)]))
    }

    /// Restores what `saveState` saved, if present.
    public func loadState(from state: StateDict, prefix: String) throws {
        guard let values = state.get(prefix + "progress").flatMap(DoubleState.values), values.count == 2 else { return }
        best = values[0]
        wait = Int(values[1])
    }
}

/// The monitored metric was not among an evaluation's results.
public enum EarlyStoppingError: Error, CustomStringConvertible, Equatable {
    /// `monitor` is missing; `available` lists what was there.
    case missingMetric(String, available: [String])

    /// One line naming the metric.
    public var description: String {
        switch self {
        case .missingMetric(let key, let available):
            return "monitor '\(key)' is not among the evaluation results (\(available.joined(separator: ", ")))"
        }
    }
}
