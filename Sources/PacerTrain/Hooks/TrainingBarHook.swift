import Foundation
import Pacer

/// The one-line training bar of `pacer train --progress`, on a terminal
/// only: the console's status line, redrawn at most ten times a second,
/// `Epoch 2/6 [>>>>>     ] 37/64, iter 101/384, loss: 0.4312, lr: 1.000e-02, ETA: 0:00:12`
/// (an iteration-based run shows `Iter [>>>  ] 101/384, ...`), fitted to
/// the terminal's width. The logger's text lines still print, above it.
public final class TrainingBarHook: Hook {
    /// "TrainingBarHook".
    public let typeName = "TrainingBarHook"
    /// "built-in".
    public let origin = "built-in"
    /// The run's start and end, and every train iteration.
    public let stages: Set<HookStage> = [.beforeRun, .afterTrainIter, .afterRun]

    /// Nanoseconds between two redraws.
    private static let redrawInterval: UInt64 = 100_000_000
    private let width: Int
    private var started: UInt64 = 0
    private var startIter = 0
    private var lastDraw: UInt64 = 0

    /// A bar as wide as `width` columns (`Console.statusWidth()`).
    public init(width: Int) { self.width = width }

    /// Draws the bar at `afterTrainIter`; starts the clock at `beforeRun`
    /// and leaves the last bar on the terminal at `afterRun`.
    public func call(_ stage: HookStage, runner: Runner) throws {
        switch stage {
        case .beforeRun:
            started = HookProfile.now()
            startIter = runner.iter
        case .afterTrainIter:
            let now = HookProfile.now()
            let done = runner.iter + 1
            let lastOfEpoch = runner.itersPerEpoch > 0 && runner.innerIter + 1 == runner.itersPerEpoch
            guard now - lastDraw >= Self.redrawInterval || lastOfEpoch || done >= runner.maxIters else { return }
            lastDraw = now
            Console.showStatus(line(runner, done: done, elapsed: Double(now - started) / 1e9))
        case .afterRun:
            Console.endStatus()
        default:
            break
        }
    }

    /// The bar for `done` finished iterations, `elapsed` seconds into the run.
    func line(_ runner: Runner, done: Int, elapsed: Double) -> String {
        let byEpoch = runner.maxEpochs > 0 && runner.itersPerEpoch > 0
        let (head, count, total) = byEpoch
            ? ("Epoch \(runner.epoch + 1)/\(runner.maxEpochs)", runner.innerIter + 1, runner.itersPerEpoch)
            : ("Iter", done, runner.maxIters)
        var tail = "\(count)/\(total)"
        if byEpoch { tail += ", iter \(done)/\(runner.maxIters)" }
        if let loss = runner.outputs.value("loss"), loss.isFinite { tail += String(format: ", loss: %.4f", loss) }
        if let lr = runner.currentLR.first { tail += String(format: ", lr: %.3e", lr) }
        let run = done - startIter
        if run > 0, runner.maxIters >= done {
            let seconds = Int(elapsed / Double(run) * Double(runner.maxIters - done) + 0.5)
            tail += String(format: ", ETA: %d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        }
        // One column spare: a line as wide as the terminal wraps on some.
        let room = width - 1 - head.count - tail.count - 4
        guard room >= 2 else { return String((head + " " + tail).prefix(max(0, width - 1))) }
        let bar = min(30, room)
        let marks = min(bar, bar * count / max(total, 1))
        return head + " [" + String(repeating: ">", count: marks) + String(repeating: " ", count: bar - marks) + "] "
            + tail
    }
}
