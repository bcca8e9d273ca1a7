@testable import Pacer
import Testing

/// The EpochBasedRunner calls hooks exactly where MMCV 1.7.2 does, with
/// MMCV's counter values (traces derived from epoch_based_runner.py).
@Suite struct EpochBasedRunnerTests {
    @Test func trainThenValMatchesMMCVTrace() throws {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 2)
        try runner.run([ListLoader(count: 2), ListLoader(count: 1)], workflow: [Flow("train", 1), Flow("val", 1)])
        var expected = [Call("before_run", "none", 0, 0, 0)]
        for epoch in 0..<2 {
            let start = epoch * 2
            expected += [
                Call("before_train_epoch", "train", epoch, start, 0),
                Call("before_train_iter", "train", epoch, start, 0),
                Call("after_train_iter", "train", epoch, start, 0),
                Call("before_train_iter", "train", epoch, start + 1, 1),
                Call("after_train_iter", "train", epoch, start + 1, 1),
                Call("after_train_epoch", "train", epoch, start + 2, 1),
                Call("before_val_epoch", "val", epoch + 1, start + 2, 1),
                Call("before_val_iter", "val", epoch + 1, start + 2, 0),
                Call("after_val_iter", "val", epoch + 1, start + 2, 0),
                Call("after_val_epoch", "val", epoch + 1, start + 2, 0),
            ]
        }
        expected.append(Call("after_run", "val", 2, 4, 0))
        #expect(hook.calls == expected)
    }

    @Test func aValFlowAfterTheLastTrainEpochStillRuns() throws {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 3)
        try runner.run([ListLoader(count: 1), ListLoader(count: 1)], workflow: [Flow("train", 2), Flow("val", 1)])
        let epochs = hook.calls.filter { $0.stage.hasPrefix("before_") && $0.stage.hasSuffix("_epoch") }
        #expect(epochs.map(\.mode) == ["train", "train", "val", "train", "val"])
        #expect(runner.epoch == 3 && runner.iter == 3)
    }

    @Test func valFirstWorkflowValidatesBeforeEachTrainEpoch() throws {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 2)
        try runner.run([ListLoader(count: 1), ListLoader(count: 1)], workflow: [Flow("val", 1), Flow("train", 1)])
        let epochs = hook.calls.filter { $0.stage.hasPrefix("before_") && $0.stage.hasSuffix("_epoch") }
        #expect(epochs.map(\.mode) == ["val", "train", "val", "train"])
        #expect(epochs.map(\.epoch) == [0, 0, 1, 1])
    }

    @Test func maxItersIsEpochsTimesTheTrainLoaderLength() throws {
        let (runner, _) = makeRunner(EpochBasedRunner.self, maxEpochs: 3)
        try runner.run([ListLoader(count: 5)], workflow: [Flow("train", 1)])
        #expect(runner.maxIters == 15 && runner.iter == 15)
    }

    @Test func aStopRequestEndsTheRunAfterTheCurrentIteration() throws {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 5)
        hook.onCall = { stage, runner in
            if stage == .afterTrainIter && runner.iter == 3 { runner.requestStop(reason: "enough") }
        }
        try runner.run([ListLoader(count: 2), ListLoader(count: 1)], workflow: [Flow("train", 1), Flow("val", 1)])
        #expect(runner.iter == 4 && runner.epoch == 2)
        #expect(hook.calls.last?.stage == "after_run")
        #expect(runner.stopReason == "enough")
    }

    @Test func aWorkflowWithoutTrainIsRefused() {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 1)
        #expect(throws: RunnerError.self) { try runner.run([ListLoader(count: 1)], workflow: [Flow("val", 1)]) }
        #expect(hook.calls.isEmpty)
    }

    @Test func anUnknownModeIsRefusedListingTheRunnersModes() {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 1)
        #expect {
            try runner.run([ListLoader(count: 1), ListLoader(count: 1)], workflow: [Flow("train", 1), Flow("test", 1)])
        } throws: { error in
            "\(error)" == "workflow mode 'test' is not implemented by this runner (modes: train, val)"
        }
        #expect(hook.calls.isEmpty)
    }

    @Test func aWorkflowAndLoadersOfDifferentLengthsAreRefused() {
        let (runner, _) = makeRunner(EpochBasedRunner.self, maxEpochs: 1)
        #expect {
            try runner.run([ListLoader(count: 1)], workflow: [Flow("train", 1), Flow("val", 1)])
        } throws: { error in
            "\(error)" == "workflow has 2 flow(s) but 1 data loader(s) were built; they pair up by position"
        }
    }

    @Test func aThrowingHookIsReportedWithItsNameAndStage() {
        let (runner, hook) = makeRunner(EpochBasedRunner.self, maxEpochs: 1)
        hook.onCall = { stage, _ in if stage == .afterTrainEpoch { throw TestFailure() } }
        #expect {
            try runner.run([ListLoader(count: 1)], workflow: [Flow("train", 1)])
        } throws: { error in
            "\(error)" == "hook RecordingHook (test) failed in after_train_epoch: boom"
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String { "boom" }
}
