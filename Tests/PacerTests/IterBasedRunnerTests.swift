@testable import Pacer
import Testing

/// The IterBasedRunner calls hooks exactly where MMCV 1.7.2 does: the
/// generic epoch stages once around the run, never the train/val epoch
/// stages, with `epoch` read before the loader advances.
@Suite struct IterBasedRunnerTests {
    @Test func trainTwoValOneMatchesMMCVTrace() throws {
        let (runner, hook) = makeRunner(IterBasedRunner.self, maxIters: 3)
        try runner.run([ListLoader(count: 2), ListLoader(count: 1)], workflow: [Flow("train", 2), Flow("val", 1)])
        #expect(hook.calls == [
            Call("before_run", "none", 0, 0, 0),
            Call("before_epoch", "none", 0, 0, 0),
            Call("before_train_iter", "train", 0, 0, 0),
            Call("after_train_iter", "train", 0, 0, 0),
            Call("before_train_iter", "train", 0, 1, 1),
            Call("after_train_iter", "train", 0, 1, 1),
            Call("before_val_iter", "val", 0, 2, 0),
            Call("after_val_iter", "val", 0, 2, 0),
            // The train loader wrapped, but epoch is read before next().
            Call("before_train_iter", "train", 0, 2, 0),
            Call("after_train_iter", "train", 0, 2, 0),
            Call("before_val_iter", "val", 0, 3, 0),
            Call("after_val_iter", "val", 0, 3, 0),
            Call("after_epoch", "val", 0, 3, 1),
            Call("after_run", "val", 0, 3, 1),
        ])
    }

    @Test func epochCatchesUpOneIterationAfterTheLoaderWraps() throws {
        let (runner, hook) = makeRunner(IterBasedRunner.self, maxIters: 7)
        try runner.run([ListLoader(count: 3)], workflow: [Flow("train", 7)])
        let epochs = hook.calls.filter { $0.stage == "before_train_iter" }.map(\.epoch)
        #expect(epochs == [0, 0, 0, 0, 1, 1, 1])
        #expect(runner.iter == 7)
    }

    @Test func theLoaderReshufflesAtEachWrapAround() throws {
        let (runner, _) = makeRunner(IterBasedRunner.self, maxIters: 7)
        let loader = ListLoader(count: 3)
        try runner.run([loader], workflow: [Flow("train", 7)])
        #expect(loader.epochsSet == [0, 1, 2])
    }
}
