@testable import Pacer
import Testing

@Suite struct PriorityTests {
    @Test func namesAreCaseInsensitive() throws {
        #expect(try Priority(name: "very_low").value == 90)
        #expect(try Priority(name: "ABOVE_NORMAL").value == 40)
    }

    @Test func integersMustLieInZeroToHundred() throws {
        #expect(try Priority(0).value == 0)
        #expect(throws: PriorityError.outOfRange(101)) { try Priority(101) }
        #expect(throws: PriorityError.outOfRange(-1)) { try Priority(-1) }
    }

    @Test func anUnknownNameListsTheLevels() {
        #expect(throws: PriorityError.self) { try Priority(name: "urgent") }
        let message = "\(PriorityError.unknownName("urgent", known: ["HIGHEST", "LOWEST"]))"
        #expect(message == "unknown priority 'urgent' (known: HIGHEST, LOWEST)")
    }

    @Test func namedLevelsPrintByName() throws {
        #expect(Priority.normal.description == "NORMAL")
        #expect(try Priority(45).description == "45")
    }
}

@Suite struct HookListTests {
    @Test func hooksRunByPriorityThenRegistrationOrder() {
        var list = HookList()
        let a = RecordingHook("A"), b = RecordingHook("B"), c = RecordingHook("C"), d = RecordingHook("D")
        list.register(a, priority: .normal)
        list.register(b, priority: .high)
        list.register(c, priority: .normal)
        list.register(d, priority: .lowest)
        #expect(list.all.map(\.hook.typeName) == ["B", "A", "C", "D"])
        #expect(list.hooks(at: .afterTrainIter).map(\.typeName) == ["B", "A", "C", "D"])
    }

    @Test func aStageListsOnlyTheHooksImplementingIt() {
        var list = HookList()
        list.register(RecordingHook("Epochs", stages: [.afterTrainEpoch]), priority: .normal)
        list.register(RecordingHook("Iters", stages: [.afterTrainIter]), priority: .normal)
        #expect(list.hooks(at: .afterTrainIter).map(\.typeName) == ["Iters"])
        #expect(list.hooks(at: .beforeRun).isEmpty)
    }
}

@Suite struct LogBufferTests {
    @Test func averagesAreWeightedByCount() {
        let buffer = LogBuffer()
        buffer.update("loss", 1, count: 1)
        buffer.update("loss", 4, count: 3)
        buffer.average()
        #expect(buffer.outputValue("loss") == 3.25)
        #expect(buffer.ready)
    }

    @Test func averageOfTheLastNEntries() {
        let buffer = LogBuffer()
        for value in [1.0, 2, 3, 4] { buffer.update("x", value) }
        buffer.average(last: 2)
        #expect(buffer.outputValue("x") == 3.5)
    }

    @Test func keysKeepFirstInsertionOrderAndClearingResets() {
        let buffer = LogBuffer()
        buffer.update("data_time", 0.1)
        buffer.update("loss", 2)
        buffer.update("data_time", 0.3)
        buffer.average()
        #expect(buffer.output.map(\.key) == ["data_time", "loss"])
        buffer.clearOutput()
        #expect(!buffer.ready && buffer.output.isEmpty)
        buffer.average()
        #expect(buffer.output.count == 2)
        buffer.clear()
        buffer.average()
        #expect(buffer.output.isEmpty)
    }
}
