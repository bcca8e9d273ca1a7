import PacerConfig
import Testing

/// Every LR policy with every warmup, through a real TrainingSession with
/// `log_config` interval 1: the lr of both parameter groups logged at every
/// iteration equals MMCV 1.7.2's formulas (restated in the test) to 1e-12
/// relative, for both runners where the policy allows, by epoch and by
/// iteration, including warmup over a by-epoch decay and warmup by epoch.
@Suite("LR policies through the runner")
struct LRScheduleTests {
    static let runs = ScheduleRun.all(LRCases.all, warmups: WarmupCase.lr, byEpochWarmup: .byEpochLinear)

    @Test(arguments: runs)
    func everyLoggedLearningRateEqualsMMCVs(_ run: ScheduleRun) throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(tinyConfig(run.runner, folder: folder, extra: ["lr_config": .dict(run.options)]),
                                          in: folder)
        let recorder = try #require(TestSession.recorder(session))
        #expect(recorder.iters == Array(0..<25))
        let wrong = mismatches(recorder.lrs, run.expected(initial: [0.02, 0.01], divide: false))
        #expect(wrong.isEmpty, "\(wrong.prefix(4).joined(separator: "; "))")
    }
}
