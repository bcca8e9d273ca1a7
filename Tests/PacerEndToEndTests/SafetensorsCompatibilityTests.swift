import Foundation
import PacerConfig
import PacerTrain
import Testing

/// Python's `safetensors` package reads Pacer's checkpoints as they are.
@Suite struct SafetensorsCompatibilityTests {
    @Test func pythonSafetensorsReadsEveryParameterOfACheckpoint() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1,
                                          customHooks: [["type": "EMAHook", "momentum": 0.1]])
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
        try session.run()

        let dumps = folder + "/expected"
        try FileManager.default.createDirectory(atPath: dumps, withIntermediateDirectories: true)
        for parameter in session.runner.model.parameters {
            let bytes = Data(bytes: parameter.data, count: parameter.count * 4)
            try bytes.write(to: URL(fileURLWithPath: dumps + "/" + parameter.name))
        }
        let script = """
            import os, sys, numpy as np
            from safetensors.numpy import load_file
            tensors = load_file(sys.argv[1])
            names = sorted(os.listdir(sys.argv[2]))
            for name in names:
                expected = np.fromfile(os.path.join(sys.argv[2], name), dtype="<f4")
                assert tensors[name].dtype == np.float32, name
                assert np.array_equal(tensors[name].ravel(), expected), name
            print("equal", len(names), "of", len(tensors))
            """
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", script,
                                                       folder + "/work/epoch_1.safetensors", dumps])
        #expect(result.status == 0, "\(result.output)")
        // 4 parameters, 4 momentum buffers, 4 EMA shadows and the EMA's version.
        #expect(result.output.hasPrefix("equal 4 of 13"))
    }
}

/// Two instances of one hook type keep their state apart in a checkpoint.
@Suite struct HookStateScopingTests {
    @Test func twoEMAHooksSaveUnderTheirOwnKeys() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1, customHooks: [
            ["type": "EMAHook", "momentum": 0.5, "warm_up": 0], ["type": "EMAHook", "momentum": 0.01, "warm_up": 0],
        ])
        try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder))).run()
        let state = try CheckpointFile.read(folder + "/work/epoch_1.safetensors").state
        let first = try #require(state.get("hooks.EMAHook.shadow.fc1.bias"))
        let second = try #require(state.get("hooks.EMAHook#2.shadow.fc1.bias"))
        #expect(first != second)
    }
}
