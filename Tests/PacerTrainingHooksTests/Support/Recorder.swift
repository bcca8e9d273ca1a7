import Pacer
import PacerConfig

/// A logger hook for `log_config.hooks` that records, whenever a logger
/// with its `interval` and `by_epoch` would log a train iteration, the
/// iteration and every group's lr and momentum at full precision (the
/// text logger's JSON rounds to 5 digits).
final class Recorder: Hook {
    let typeName = "Recorder"
    let origin = "test"
    let stages: Set<HookStage> = [.afterTrainIter]
    let interval: Int
    let byEpoch: Bool
    private(set) var iters: [Int] = []
    private(set) var lrs: [[Double]] = []
    private(set) var momenta: [[Double]] = []
    private(set) var losses: [Double] = []

    init(config: ConfigSection) throws {
        interval = try config.int("interval")
        byEpoch = try config.bool("by_epoch")
    }

    func call(_ stage: HookStage, runner: Runner) throws {
        let count = byEpoch ? runner.innerIter + 1 : runner.iter + 1
        guard count % interval == 0 else { return }
        iters.append(runner.iter)
        lrs.append(runner.currentLR)
        momenta.append(runner.currentMomentum)
        losses.append(runner.outputs.value("loss") ?? .nan)
    }
}

/// A hook that records every stop request it sees and the stages it saw.
final class StageRecorder: Hook {
    let typeName = "StageRecorder"
    let origin = "test"
    let stages: Set<HookStage> = [.afterTrainEpoch, .afterRun]
    private(set) var trainEpochsEnded: [Int] = []
    private(set) var afterRunCalled = false

    func call(_ stage: HookStage, runner: Runner) throws {
        if stage == .afterRun { afterRunCalled = true } else { trainEpochsEnded.append(runner.epoch) }
    }
}
