import Pacer

/// Wall-clock time and images of every training epoch.
///
/// Registered at the highest priority, it reads the clock at each
/// `before_train_epoch` before any other hook runs, so an epoch's time runs
/// from there to the next epoch's start (or to `finish()` for the last one)
/// and covers everything the runner does: data, model step, optimizer and
/// every hook. Images are the samples the model's train steps reported.
final class EpochClock: Hook {
    let typeName = "EpochClock"
    let origin = "built-in"
    let stages: Set<HookStage> = [.beforeTrainEpoch, .afterTrainIter]

    /// Seconds and images of each finished epoch, in order.
    private(set) var epochs: [(seconds: Double, images: Int)] = []
    private var start: ContinuousClock.Instant?
    private var images = 0

    func call(_ stage: HookStage, runner: Runner) throws {
        switch stage {
        case .beforeTrainEpoch:
            finish()
            start = .now
        default:
            images += runner.outputs.numSamples
        }
    }

    /// Closes the epoch in progress, if any.
    func finish() {
        guard let start else { return }
        let elapsed = (ContinuousClock.now - start).components
        epochs.append((Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18, images))
        self.start = nil
        images = 0
    }
}
