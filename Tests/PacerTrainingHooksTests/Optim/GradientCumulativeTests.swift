import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// `optimizer_config = dict(type='GradientCumulativeOptimizerHook',
/// cumulative_iters=3)`: the host sums scaled gradients and steps every
/// third iteration, the last incomplete group divided by its own length.
@Suite("Gradient accumulation")
struct GradientCumulativeTests {
    /// MMCV's `calc_loss_factors` vectors (test_gradient_cumulative_optimizer_hook).
    @Test(arguments: [(6, 0, [3, 3, 3, 3, 3, 3]), (8, 0, [3, 3, 3, 3, 3, 3, 2, 2]),
                      (10, 0, [3, 3, 3, 3, 3, 3, 3, 3, 3, 1]), (10, 5, [3, 3, 3, 3, 1]), (7, 0, [3, 3, 3, 3, 3, 3, 1]),
                      (8, 3, [3, 3, 3, 2, 2])])
    func lossFactorsAreMMCVs(maxIters: Int, start: Int, factors: [Int]) throws {
        let hook = GradientCumulativeOptimizerHook(cumulativeIters: 3, gradClip: nil)
        let folder = try TestSession.folder()
        let runner = try TestSession.build(tinyConfig(.iter, folder: folder), in: folder).runner
        runner.maxIters = maxIters
        let seen = (start..<maxIters).map { iter -> Int in
            runner.iter = iter
            return hook.lossFactor(runner)
        }
        #expect(seen == factors)
    }

    private func parameters(_ session: TrainingSession) -> [Float] {
        session.runner.model.parameters.flatMap { Array(UnsafeBufferPointer(start: $0.data, count: $0.count)) }
    }

    @Test func threeAccumulatedBatchesOfOneStepLikeOneBatchOfThree() throws {
        let accumulated = try TestSession.folder(), plain = try TestSession.folder()
        let clip: ConfigValue = ["max_norm": 0.2]
        let a = try TestSession.run(tinyConfig(.epoch, folder: accumulated, extra: [
            "data": ["samples_per_gpu": 1, "train": ["type": "TinyData", "num_samples": 6]],
            "runner": ["type": "EpochBasedRunner", "max_epochs": 3],
            "optimizer_config": ["type": "GradientCumulativeOptimizerHook", "cumulative_iters": 3, "grad_clip": clip],
        ]), in: accumulated)
        let b = try TestSession.run(tinyConfig(.epoch, folder: plain, extra: [
            "data": ["samples_per_gpu": 3, "train": ["type": "TinyData", "num_samples": 6]],
            "runner": ["type": "EpochBasedRunner", "max_epochs": 3],
            "optimizer_config": ["grad_clip": clip],
        ]), in: plain)
        #expect(a.runner.optimizer?.stepCount == 6 && b.runner.optimizer?.stepCount == 6)
        for (x, y) in zip(parameters(a), parameters(b)) { #expect(abs(x - y) <= 1e-6) }
        #expect(parameters(a) != [0.5, -0.5, 0])
    }

    @Test func theLastIncompleteGroupStepsDividedByItsLength() throws {
        let accumulated = try TestSession.folder(), plain = try TestSession.folder()
        let a = try TestSession.run(tinyConfig(.iter, folder: accumulated, extra: [
            "runner": ["type": "IterBasedRunner", "max_iters": 8],
            "optimizer_config": ["type": "GradientCumulativeOptimizerHook", "cumulative_iters": 3],
        ]), in: accumulated)
        let b = try TestSession.run(tinyConfig(.iter, folder: plain, extra: [
            "runner": ["type": "IterBasedRunner", "max_iters": 3],
        ]), in: plain)
        // Steps after iterations 3, 6 and 8 (a group of 2, each divided by 2).
        #expect(a.runner.optimizer?.stepCount == 3)
        for (x, y) in zip(parameters(a), parameters(b)) { #expect(abs(x - y) <= 1e-6) }
    }

    @Test func aRunResumedMidGroupContinuesTheGroup() throws {
        let hook = GradientCumulativeOptimizerHook(cumulativeIters: 3, gradClip: nil)
        let folder = try TestSession.folder()
        let session = try TestSession.build(tinyConfig(.iter, folder: folder), in: folder)
        let runner = session.runner
        _ = try runner.model.trainStep(Batch(fields: []), runner: runner)  // gradient: param - 1
        try hook.call(.afterTrainIter, runner: runner)  // iteration 0 of a group
        let saved = StateDict()
        try hook.saveState(into: saved, prefix: "h.")
        let resumed = GradientCumulativeOptimizerHook(cumulativeIters: 3, gradClip: nil)
        try resumed.loadState(from: saved, prefix: "h.")
        let again = StateDict()
        runner.iter = 1
        try resumed.call(.afterTrainIter, runner: runner)
        try resumed.saveState(into: again, prefix: "h.")
        // Two iterations' gradients (0 - 1 for the bias, each divided by 3).
        let bias = try #require(again.get("h.accumulated.fc.bias"))
        #expect(bias.bytes.withUnsafeBytes { $0.load(as: Float.self) } == Float(-1) / 3 + Float(-1) / 3)
    }
}
