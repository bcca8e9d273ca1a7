@testable import Pacer
import Testing

/// What the test C functions write to: the instance pointer they are
/// called with points at one of these.
private final class CallLog {
    var entries: [String] = []
    var failWith: Int32 = 0
}

/// A hook whose stages are C functions (here written in Swift as
/// `@convention(c)` closures), as plugin hooks are.
private final class FunctionHook: CFunctionHook {
    let typeName: String
    let origin = "test"
    let stages: Set<HookStage> = [.beforeTrainIter, .afterTrainIter]
    let log: CallLog
    private(set) var runnersAsked: [ObjectIdentifier] = []

    init(_ name: String, log: CallLog) {
        typeName = name
        self.log = log
    }

    /// Not used by the runner, which calls `record` directly.
    func call(_ stage: HookStage, runner: Runner) throws {
        log.entries.append("\(typeName) through call")
    }

    func cCall(at stage: HookStage, for runner: Runner) -> CHookCall? {
        runnersAsked.append(ObjectIdentifier(runner))
        let name = Unmanaged.passUnretained(self).toOpaque()
        return CHookCall(function: FunctionHook.record, instance: name, context: nil, error: nil)
    }

    func failure(status: Int32, at stage: HookStage) -> any Error {
        FunctionFailure(description: "failed with \(status)")
    }

    private static let record: CHookFunction = { instance, _, _ in
        let hook = Unmanaged<FunctionHook>.fromOpaque(instance!).takeUnretainedValue()
        hook.log.entries.append(hook.typeName)
        return hook.log.failWith
    }
}

private struct FunctionFailure: Error, CustomStringConvertible {
    let description: String
}

@Suite struct HookDispatchTests {
    @Test func cFunctionHooksAreCalledDirectlyInPriorityOrderAmongSwiftHooks() throws {
        let (runner, _) = makeRunner(EpochBasedRunner.self)
        let log = CallLog()
        let swift = RecordingHook("Swift", stages: [.afterTrainIter])
        swift.onCall = { _, _ in log.entries.append("Swift") }
        runner.registerHook(FunctionHook("Late", log: log), priority: .low)
        runner.registerHook(swift, priority: .normal)
        runner.registerHook(FunctionHook("Early", log: log), priority: .high)

        try runner.callHook(.afterTrainIter)

        #expect(log.entries == ["Early", "Swift", "Late"])
    }

    @Test func aFailingCFunctionNamesTheHookTheStageAndItsMessage() throws {
        let (runner, _) = makeRunner(EpochBasedRunner.self)
        let log = CallLog()
        log.failWith = 7
        runner.registerHook(FunctionHook("Failing", log: log))

        let error = #expect(throws: RunnerError.self) { try runner.callHook(.beforeTrainIter) }
        #expect(error.map { "\($0)" } == "hook Failing (test) failed in before_train_iter: failed with 7")
    }

    @Test func aCFunctionHookIsAskedForItsCallsOnBehalfOfTheRunnerItJoins() {
        let (runner, _) = makeRunner(EpochBasedRunner.self)
        let hook = FunctionHook("Asked", log: CallLog())
        runner.registerHook(hook)
        #expect(!hook.runnersAsked.isEmpty)
        #expect(hook.runnersAsked.allSatisfy { $0 == ObjectIdentifier(runner) })
    }

    @Test func aStageWithoutImplementersCallsNothing() throws {
        let (runner, recorder) = makeRunner(EpochBasedRunner.self)
        let log = CallLog()
        runner.registerHook(FunctionHook("Iters", log: log))
        try runner.callHook(.beforeRun)
        #expect(log.entries.isEmpty)
        #expect(recorder.calls.map(\.stage) == ["before_run"])
    }

    @Test func aHookRegisteredDuringAStageRunsFromTheNextCallOn() throws {
        let (runner, _) = makeRunner(EpochBasedRunner.self)
        let log = CallLog()
        let registrar = RecordingHook("Registrar", stages: [.afterTrainIter])
        registrar.onCall = { _, runner in
            log.entries.append("Registrar")
            if log.entries.count == 1 { runner.registerHook(FunctionHook("Added", log: log), priority: .lowest) }
        }
        runner.registerHook(registrar)
        runner.registerHook(FunctionHook("Existing", log: log), priority: .low)

        try runner.callHook(.afterTrainIter)
        try runner.callHook(.afterTrainIter)

        #expect(log.entries == ["Registrar", "Existing", "Registrar", "Existing", "Added"])
    }
}
