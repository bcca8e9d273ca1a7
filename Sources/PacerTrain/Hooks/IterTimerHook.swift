import Foundation
import Pacer

/// MMCV's IterTimerHook: logs `data_time` (waiting for the batch) before
/// each iteration and `time` (the whole iteration) after it, in seconds.
public final class IterTimerHook: Hook {
    /// "IterTimerHook".
    public let typeName = "IterTimerHook"
    /// "built-in".
    public let origin = "built-in"
    /// Epoch starts, and before and after every iteration.
    public let stages: Set<HookStage> = [
        .beforeEpoch, .beforeTrainEpoch, .beforeValEpoch,
        .beforeTrainIter, .beforeValIter, .afterTrainIter, .afterValIter,
    ]
    private var mark: UInt64 = 0

    /// The hook.
    public init() {}

    /// Records the time at `stage`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        let now = DispatchTime.now().uptimeNanoseconds
        switch stage {
        case .beforeTrainIter, .beforeValIter:
            runner.logBuffer.update("data_time", seconds(now - mark))
        case .afterTrainIter, .afterValIter:
            runner.logBuffer.update("time", seconds(now - mark))
            mark = now
        default:
            mark = now
        }
    }

    private func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
}
