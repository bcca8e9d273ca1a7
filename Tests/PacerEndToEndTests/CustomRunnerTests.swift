import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// The worked example of docs/custom-runners.md.
final class TestingRunner: EpochBasedRunner {
    override var modes: [String] { super.modes + ["test"] }

    override func runEpoch(mode: String, loader: any DataLoader) throws {
        guard mode == "test" else { return try super.runEpoch(mode: mode, loader: loader) }
        try evaluate(mode: "test", loader: loader)
    }
}

/// A custom runner and a custom workflow mode run from a config.
@Suite struct CustomRunnerTests {
    private func registerTestingRunner(_ registries: inout Registries) throws {
        try registries.runners.register("TestingRunner") { parts in
            try TestingRunner(model: parts.model, optimizer: parts.optimizer, workDir: parts.workDir,
                              timestamp: parts.timestamp, maxEpochs: parts.config.int("max_epochs"))
        }
    }

    private func config(folder: String, trace: String, workflow: [ConfigValue]) throws -> String {
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        var entries = Fixtures.smallConfig(workDir: folder + "/work", trainSamples: 64, valSamples: 32, maxEpochs: 2,
                                           customHooks: [["type": "TraceHook", "trace_path": .string(trace)]])
        entries["runner"] = ["type": "TestingRunner", "max_epochs": 2]
        entries["workflow"] = .list(workflow)
        entries["plugin_dirs"] = [.string(plugins)]
        guard case .dict(var data)? = entries["data"] else { throw FixtureError.compileFailed("no data") }
        data["test"] = ["type": "FashionMNIST", "test_mode": true, "num_samples": 64]
        entries["data"] = .dict(data)
        return try Fixtures.writeConfig(entries, in: folder)
    }

    @Test func aCustomRunnerWithATestModeRunsFromAConfig() throws {
        let folder = try Fixtures.temporaryDirectory()
        let trace = folder + "/trace"
        let path = try config(folder: folder, trace: trace,
                              workflow: [.tuple(["train", 1]), .tuple(["val", 1]), .tuple(["test", 1])])
        let session = try TrainingSession(config: ConfigLoader.load(path: path), extend: registerTestingRunner)
        #expect(session.runner is TestingRunner)
        try session.run()

        let calls = try TraceLine.read(trace)
        let test = calls.filter { $0.mode == "test" }.map { "\($0.stage) e\($0.epoch) i\($0.iter) n\($0.innerIter)" }
        let epochOne = ["before_epoch e1 i2 n0", "before_iter e1 i2 n0", "after_iter e1 i2 n0",
                        "before_iter e1 i2 n1", "after_iter e1 i2 n1", "after_epoch e1 i2 n1"]
        let epochTwo = epochOne.map { $0.replacingOccurrences(of: "e1 i2", with: "e2 i4") }
        // As in MMCV, `mode` keeps its last value through after_run.
        #expect(test == epochOne + epochTwo + ["after_run e2 i4 n1"])
        #expect(session.runner.iter == 4)
    }

    @Test func anUnknownModeFailsBeforeTrainingListingTheRunnersModes() throws {
        let folder = try Fixtures.temporaryDirectory()
        let trace = folder + "/trace"
        let path = try config(folder: folder, trace: trace, workflow: [.tuple(["train", 1]), .tuple(["predict", 1])])
        #expect {
            try TrainingSession(config: ConfigLoader.load(path: path), extend: registerTestingRunner)
        } throws: { error in
            "\(error)" == "\(path): workflow.1: workflow mode 'predict' is not implemented by this runner "
                + "(modes: train, val, test)"
        }
        #expect(!FileManager.default.fileExists(atPath: trace))
    }
}
