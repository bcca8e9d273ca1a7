import Pacer

/// Something told of every evaluation an `EvalHook` makes, right after it
/// wrote the metrics to the log buffer (such as `EarlyStoppingHook`).
public protocol EvaluationObserver: AnyObject {
    /// Called with the evaluation's metrics, in the order the val step
    /// reported them, inside the EvalHook's stage.
    func evaluated(_ results: [(key: String, value: Double)], runner: Runner) throws
}
