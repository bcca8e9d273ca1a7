import Foundation
import PacerConfig
import PacerTrain
import Testing

/// A run resumed from a checkpoint continues the schedules and a gradient
/// accumulation group in progress exactly as the uninterrupted run does
/// (hook state in the checkpoint: initial momentum, accumulated gradients).
@Suite("Resume")
struct ResumeTests {
    static func config(_ folder: String, resumeFrom: String? = nil) -> ConfigDict {
        var entries = tinyConfig(.iter, folder: folder, extra: [
            "lr_config": ["policy": "CosineAnnealing", "min_lr_ratio": 0.1, "warmup": "exp", "warmup_iters": 4],
            "momentum_config": ["policy": "CosineAnnealing", "min_momentum_ratio": 0.5],
            "optimizer_config": ["type": "GradientCumulativeOptimizerHook", "cumulative_iters": 3],
            "checkpoint_config": ["interval": 10],
        ])
        if let resumeFrom { entries["resume_from"] = .string(resumeFrom) }
        return entries
    }

    @Test func schedulesAndAnAccumulationGroupContinueToTheBit() throws {
        let whole = try TestSession.folder(), resumed = try TestSession.folder()
        let a = try TestSession.run(Self.config(whole), in: whole)
        // iter_10 is saved one iteration into the group of iterations 9, 10, 11.
        let b = try TestSession.run(Self.config(resumed, resumeFrom: whole + "/work/iter_10.safetensors"), in: resumed)
        let first = try #require(TestSession.recorder(a)), second = try #require(TestSession.recorder(b))
        #expect(second.iters == Array(10..<25))
        #expect(second.lrs == Array(first.lrs[10...]))
        #expect(second.momenta == Array(first.momenta[10...]))
        let weights = { (session: TrainingSession) in
            session.runner.model.parameters.flatMap { Array(UnsafeBufferPointer(start: $0.data, count: $0.count)) }
        }
        #expect(weights(b) == weights(a))
        #expect(b.runner.optimizer?.stepCount == a.runner.optimizer?.stepCount)
    }
}
