import Foundation
import PacerConfig
import PacerTrain
import Testing

/// An ImageClassifier with BatchNorm and Dropout, killed with SIGKILL in
/// the middle of an epoch and resumed with `--resume-from auto`, ends
/// equal to the bit to the same run never stopped: parameters, optimizer
/// state, BatchNorm running statistics and the dropout stream.
@Suite struct ImageClassifierResumeTests {
    @Test func aKilledRunWithBatchNormAndDropoutResumesToTheUninterruptedResult() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")

        let reference = try train(folder: folder, name: "reference", killAtIter: nil, plugins: plugins)
        #expect(reference.status == 0, "\(reference.output)")
        let killed = try train(folder: folder, name: "killed", killAtIter: 11, plugins: plugins)
        #expect(killed.status == 9, "the run was meant to die by SIGKILL: \(killed.output)")
        let resumed = try train(folder: folder, name: "killed", killAtIter: nil, plugins: plugins,
                                arguments: ["--resume-from", "auto"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resumed from \(folder)/killed/epoch_1.safetensors"))

        let expected = try CheckpointFile.read("\(folder)/reference/epoch_3.safetensors")
        let actual = try CheckpointFile.read("\(folder)/killed/epoch_3.safetensors")
        #expect(actual.state.names == expected.state.names)
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs")
        }
        for name in ["backbone.1.running_mean", "backbone.1.running_var", "dropout_stream",
                     "optimizer.momentum_buffer.backbone.0.weight"] {
            #expect(actual.state.names.contains(name), "\(name) is not in the checkpoint")
        }
        let first = try CheckpointFile.read("\(folder)/reference/epoch_1.safetensors")
        #expect(first.state.get("dropout_stream") != expected.state.get("dropout_stream"))
    }

    private func train(folder: String, name: String, killAtIter: Int?, plugins: String,
                       arguments: [String] = []) throws -> (status: Int32, output: String) {
        var trace: ConfigDict = ["type": "TraceHook", "trace_path": .string("\(folder)/\(name).trace")]
        if let killAtIter {
            trace["kill_at"] = "after_train_iter"
            trace["kill_iter"] = .int(killAtIter)
        }
        var config = Fixtures.smallConfig(workDir: "\(folder)/\(name)", trainSamples: 256, valSamples: 64, maxEpochs: 3,
                                          customHooks: [.dict(trace)])
        config["model"] = [
            "type": "ImageClassifier",
            "backbone": ["type": "Sequential", "in_channels": 1, "layers": [
                ["type": "Conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1],
                ["type": "BatchNorm2d", "num_features": 4],
                ["type": "ReLU"],
                ["type": "Dropout", "p": 0.3],
                ["type": "Flatten"],
                ["type": "Linear", "in_features": 784, "out_features": 10],
            ]],
            "head": ["type": "ClsHead"],
        ]
        let path = try Fixtures.writeConfig(config, in: folder, name: name + ".json")
        return try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path, "--plugin-dir", plugins] + arguments)
    }
}
