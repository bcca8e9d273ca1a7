import Foundation
import PacerConfig
import PacerTrain
import Testing

/// A run killed with SIGKILL at any point — inside a hook, right after a
/// checkpoint, or in the middle of writing one — and resumed with
/// `--resume-from auto` ends with parameters, optimizer state and EMA
/// shadows equal to the bit to those of the same run never stopped.
@Suite struct ResumeTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        let name: String
        let iterBased: Bool
        let checkpointByEpoch: Bool
        /// The TraceHook stage and iteration that kill the process, or nil.
        let killAt: (stage: String, iter: Int)?
        /// Kill during the N-th checkpoint write instead.
        let killAtWrite: Int?
        /// The checkpoint the resumed run must start from.
        let resumesFrom: String
        let final: String
        var testDescription: String { name }
    }

    static let scenarios = [
        Scenario(name: "epoch runner, killed mid-epoch", iterBased: false, checkpointByEpoch: true,
                 killAt: ("after_train_iter", 11), killAtWrite: nil, resumesFrom: "epoch_1", final: "epoch_3"),
        Scenario(name: "epoch runner, killed right after a checkpoint", iterBased: false, checkpointByEpoch: true,
                 killAt: ("after_train_epoch", 16), killAtWrite: nil, resumesFrom: "epoch_2", final: "epoch_3"),
        Scenario(name: "epoch runner, killed inside a checkpoint write", iterBased: false, checkpointByEpoch: true,
                 killAt: nil, killAtWrite: 2, resumesFrom: "epoch_1", final: "epoch_3"),
        Scenario(name: "epoch runner, mid-epoch checkpoints", iterBased: false, checkpointByEpoch: false,
                 killAt: ("after_train_iter", 13), killAtWrite: nil, resumesFrom: "iter_12", final: "iter_24"),
        Scenario(name: "iter runner, killed mid-flow", iterBased: true, checkpointByEpoch: false,
                 killAt: ("after_train_iter", 13), killAtWrite: nil, resumesFrom: "iter_12", final: "iter_20"),
        Scenario(name: "iter runner, killed inside a checkpoint write", iterBased: true, checkpointByEpoch: false,
                 killAt: nil, killAtWrite: 3, resumesFrom: "iter_8", final: "iter_20"),
    ]

    @Test(arguments: scenarios)
    func aKilledRunResumesToTheUninterruptedResult(_ scenario: Scenario) throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        try Fixtures.compile("kill_during_write.c", to: folder + "/libkill.so", defines: [], extra: ["-ldl"])

        let reference = try train(scenario, folder: folder, name: "reference", kill: nil, plugins: plugins)
        #expect(reference.status == 0, "\(reference.output)")

        let killed = try train(scenario, folder: folder, name: "killed", kill: scenario.killAt, plugins: plugins,
                               environment: scenario.killAtWrite.map {
                                   ["LD_PRELOAD": folder + "/libkill.so", "PACER_KILL_AT_WRITE": String($0)]
                               } ?? [:])
        #expect(killed.status == 9, "the run was meant to die by SIGKILL: \(killed.output)")
        let resumed = try train(scenario, folder: folder, name: "killed", kill: nil, plugins: plugins,
                                arguments: ["--resume-from", "auto"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resumed from \(folder)/killed/\(scenario.resumesFrom).safetensors"))

        let expected = try CheckpointFile.read("\(folder)/reference/\(scenario.final).safetensors")
        let actual = try CheckpointFile.read("\(folder)/killed/\(scenario.final).safetensors")
        #expect(actual.state.names == expected.state.names)
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs")
        }
        #expect(actual.state.names.contains("hooks.EMAHook.shadow.fc1.weight"))
        #expect(actual.state.names.contains("optimizer.momentum_buffer.fc1.weight"))
    }

    private func train(_ scenario: Scenario, folder: String, name: String, kill: (stage: String, iter: Int)?,
                       plugins: String, environment: [String: String] = [:],
                       arguments: [String] = []) throws -> (status: Int32, output: String) {
        var trace: ConfigDict = ["type": "TraceHook", "trace_path": .string("\(folder)/\(name).trace")]
        if let kill {
            trace["kill_at"] = .string(kill.stage)
            trace["kill_iter"] = .int(kill.iter)
        }
        var config = Fixtures.smallConfig(
            workDir: "\(folder)/\(name)", trainSamples: 256, valSamples: 64, maxEpochs: 3,
            customHooks: [["type": "EMAHook", "momentum": 0.1, "warm_up": 4], .dict(trace)])
        config["checkpoint_config"] = scenario.checkpointByEpoch
            ? ["interval": 1] : ["interval": .int(scenario.iterBased ? 4 : 3), "by_epoch": false]
        config["lr_config"] = ["policy": "step", "step": scenario.iterBased ? [10] : [2], "by_epoch": .bool(!scenario.iterBased)]
        if scenario.iterBased {
            config["runner"] = ["type": "IterBasedRunner", "max_iters": 20]
            config["workflow"] = [.tuple(["train", 5]), .tuple(["val", 1])]
        }
        let path = try Fixtures.writeConfig(config, in: folder, name: name + ".json")
        return try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path, "--plugin-dir", plugins] + arguments,
                                environment: environment)
    }
}
