import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// `custom_hooks = [dict(type='EarlyStoppingHook', ...)]` ends a run whose
/// metric stops improving, cleanly: the epoch finishes, after_run runs.
@Suite("EarlyStoppingHook")
struct EarlyStoppingTests {
    static func stopper(_ options: ConfigDict) -> ConfigValue {
        var hook: ConfigDict = ["type": "EarlyStoppingHook"]
        for (key, value) in options { hook[key] = value }
        return .list([.dict(hook)])
    }

    @Test func stopsAfterPatienceEvaluationsWithoutImprovement() throws {
        let folder = try TestSession.folder()
        let probe = StageRecorder()
        let session = try TestSession.build(EvalHookTests.config(
            folder, accuracies: [0.3, 0.5, 0.5, 0.4, 0.45, 0.9], evaluation: ["interval": 1], epochs: 10,
            extra: ["custom_hooks": Self.stopper(["monitor": "accuracy", "patience": 3])]), in: folder)
        session.runner.registerHook(probe, priority: .lowest)
        try session.run()
        #expect(session.runner.epoch == 5)
        #expect(probe.trainEpochsEnded == [0, 1, 2, 3, 4] && probe.afterRunCalled)
        #expect(session.runner.stopReason?.contains("accuracy has not improved on 0.5 for 3 evaluation(s)") == true)
    }

    @Test func minDeltaIsTheMarginAnImprovementMustExceed() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(EvalHookTests.config(
            folder, accuracies: [0.3, 0.35, 0.38, 0.5], evaluation: [:], epochs: 10,
            extra: ["custom_hooks": Self.stopper(["monitor": "accuracy", "patience": 2, "min_delta": 0.1])]), in: folder)
        #expect(session.runner.epoch == 3)
    }

    @Test func watchesTheValEpochsOfTheWorkflowWithoutEvaluation() throws {
        let folder = try TestSession.folder()
        var entries = EvalHookTests.config(folder, accuracies: [0.5, 0.4, 0.3], evaluation: [:], epochs: 10,
                                           extra: ["custom_hooks": Self.stopper(["monitor": "accuracy", "patience": 2])])
        entries["evaluation"] = nil
        entries["workflow"] = [.tuple(["train", 1]), .tuple(["val", 1])]
        let session = try TestSession.run(entries, in: folder)
        #expect(session.runner.epoch == 3)
    }

    @Test func aRuleOfLessWatchesALossGoingDown() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(EvalHookTests.config(
            folder, accuracies: [0.9, 0.8, 0.85, 0.86], evaluation: [:], epochs: 10,
            extra: ["custom_hooks": Self.stopper(["monitor": "accuracy", "rule": "less", "patience": 2])]), in: folder)
        #expect(session.runner.epoch == 4)
    }
}
