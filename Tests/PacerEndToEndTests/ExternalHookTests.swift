import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// A C hook written outside the repository, compiled with plain `cc`,
/// dropped into a `--plugin-dir` folder and named in `custom_hooks`, runs
/// at its hook points in priority order among the built-in hooks.
@Suite struct ExternalHookTests {
    @Test func aDroppedInCHookRunsInPriorityOrderAmongBuiltInHooks() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        let early = folder + "/early.trace", late = folder + "/late.trace"
        let hooks: [ConfigValue] = [
            ["type": "TraceHook", "trace_path": .string(late), "priority": 45],
            ["type": "TraceHook", "trace_path": .string(early), "priority": "HIGH"],
        ]
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder, maxEpochs: 1, customHooks: hooks),
                                            in: folder)
        let session = try TrainingSession(config: ConfigLoader.load(path: path),
                                          options: TrainOptions(pluginDirs: [plugins]))

        let order = session.runner.hooks.hooks(at: .afterTrainIter).map(\.typeName)
        #expect(order == ["TraceHook", "OptimizerHook", "TraceHook", "IterTimerHook"])
        #expect(session.runner.hooks.all.map(\.priority.value) == [10, 30, 40, 45, 50, 70])

        try session.run()
        let before = try TraceLine.read(early), after = try TraceLine.read(late)
        let earlyIters = before.filter { $0.stage == "after_train_iter" }
        let lateIters = after.filter { $0.stage == "after_train_iter" }
        #expect(earlyIters.count == 8 && lateIters.count == 8)
        // At HIGH (30) the hook runs before the optimizer step (40): the
        // parameter it sees after the iteration is the one before it. At 45
        // it runs after the step and sees the parameter change.
        let earlyStarts = before.filter { $0.stage == "before_train_iter" }.map(\.lastParameter)
        let lateStarts = after.filter { $0.stage == "before_train_iter" }.map(\.lastParameter)
        #expect(earlyIters.map(\.lastParameter) == earlyStarts)
        #expect(zip(lateIters.map(\.lastParameter), lateStarts).allSatisfy { $0 != $1 })
        #expect(before.first?.stage == "before_run" && before.last?.stage == "after_run")
    }
}
