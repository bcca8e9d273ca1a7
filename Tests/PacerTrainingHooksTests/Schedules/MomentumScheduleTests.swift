import PacerConfig
import Testing

/// Every momentum policy with MMCV's (dividing) warmup, through a real
/// TrainingSession with `log_config` interval 1: the momentum of both
/// groups at every iteration equals MMCV 1.7.2's formulas to 1e-12
/// relative, for both runners where the policy allows.
@Suite("Momentum policies through the runner")
struct MomentumScheduleTests {
    static let runs = ScheduleRun.all(MomentumCases.all, warmups: WarmupCase.momentum, byEpochWarmup: nil)

    @Test(arguments: runs)
    func everyLoggedMomentumEqualsMMCVs(_ run: ScheduleRun) throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(
            tinyConfig(run.runner, folder: folder, extra: ["momentum_config": .dict(run.options)]), in: folder)
        let recorder = try #require(TestSession.recorder(session))
        #expect(recorder.iters == Array(0..<25))
        let wrong = mismatches(recorder.momenta, run.expected(initial: [0.95, 0.95], divide: true))
        #expect(wrong.isEmpty, "\(wrong.prefix(4).joined(separator: "; "))")
    }
}
