import Foundation
import PacerConfig
import PacerTrain
import Testing

/// Hooks written in C and in Swift, loaded as plugins, see exactly MMCV
/// 1.7.2's calls: stage, mode, epoch, iter and inner_iter, call by call.
@Suite struct TraceTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        let name: String
        let runner: ConfigValue
        let workflow: [ConfigValue]
        let trainBatches: Int
        let valBatches: Int
        let expected: String
        var testDescription: String { name }
    }

    static let scenarios = [
        Scenario(name: "epoch train 2 val 1", runner: ["type": "EpochBasedRunner", "max_epochs": 4],
                 workflow: [.tuple(["train", 2]), .tuple(["val", 1])], trainBatches: 3, valBatches: 2,
                 expected: MMCVTraces.epochTrainTwoValOne),
        Scenario(name: "epoch val first", runner: ["type": "EpochBasedRunner", "max_epochs": 2],
                 workflow: [.tuple(["val", 1]), .tuple(["train", 1])], trainBatches: 3, valBatches: 2,
                 expected: MMCVTraces.epochValFirst),
        Scenario(name: "epoch train only", runner: ["type": "EpochBasedRunner", "max_epochs": 2],
                 workflow: [.tuple(["train", 1])], trainBatches: 3, valBatches: 1,
                 expected: MMCVTraces.epochTrainOnly),
        Scenario(name: "iter train 3 val 1", runner: ["type": "IterBasedRunner", "max_iters": 10],
                 workflow: [.tuple(["train", 3]), .tuple(["val", 1])], trainBatches: 4, valBatches: 2,
                 expected: MMCVTraces.iterTrainThreeValOne),
        Scenario(name: "iter train only", runner: ["type": "IterBasedRunner", "max_iters": 7],
                 workflow: [.tuple(["train", 7])], trainBatches: 3, valBatches: 1,
                 expected: MMCVTraces.iterTrainOnly),
    ]

    @Test(arguments: scenarios)
    func pluginHooksSeeMMCVsCallTrace(_ scenario: Scenario) throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        try SwiftPluginBuilder.build("trace_hook.swift", to: plugins + "/libswifttrace.so")
        var config = Fixtures.smallConfig(
            workDir: folder + "/work", trainSamples: 32 * scenario.trainBatches, valSamples: 32 * scenario.valBatches,
            customHooks: [["type": "TraceHook", "trace_path": .string(folder + "/c.trace")],
                          ["type": "SwiftTraceHook", "trace_path": .string(folder + "/swift.trace")]])
        config["runner"] = scenario.runner
        config["workflow"] = .list(scenario.workflow)
        config["checkpoint_config"] = nil
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)),
                                          options: TrainOptions(pluginDirs: [plugins]))
        try session.run()

        let expected = scenario.expected.split(separator: "\n").map(String.init)
        for trace in ["c.trace", "swift.trace"] {
            let calls = try TraceLine.read(folder + "/" + trace)
                .map { "\($0.stage) \($0.mode) \($0.epoch) \($0.iter) \($0.innerIter)" }
            #expect(calls == expected, "\(trace)")
        }
    }
}
