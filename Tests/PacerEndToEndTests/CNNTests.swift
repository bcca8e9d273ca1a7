import Foundation
import PacerConfig
import PacerTrain
import Testing

/// The CNN model plugin (im2col + OpenBLAS sgemm, ReLU, max pooling) trains
/// on real Fashion-MNIST under the runner and checkpoints its parameters.
@Suite struct CNNTests {
    @Test func theCNNPluginLearnsAndCheckpointsItsParameters() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", trainSamples: 1024, valSamples: 256, maxEpochs: 2,
                                          loggers: [["type": "TextLoggerHook"]])
        config["model"] = ["type": "CNNClassifier", "channels": [8, 16], "hidden": [32]]
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
        try session.run()

        let name = try #require(FileManager.default.contentsOfDirectory(atPath: folder + "/work")
            .first { $0.hasSuffix(".log.json") })
        let lines = try String(contentsOfFile: folder + "/work/" + name, encoding: .utf8).split(separator: "\n")
        let losses = lines.filter { $0.contains("\"mode\": \"train\"") }.map { line -> Double in
            let start = line.range(of: "\"loss\": ")!.upperBound
            return Double(line[start...].prefix { $0 != "," && $0 != "}" })!
        }
        #expect(losses.count == 16 && losses.suffix(4).reduce(0, +) < losses.prefix(4).reduce(0, +))
        let saved = try CheckpointFile.read(folder + "/work/epoch_2.safetensors")
        #expect(saved.state.get("conv1.weight")?.shape == [8, 1, 3, 3])
        #expect(saved.state.get("conv2.weight")?.shape == [16, 8, 3, 3])
    }

    /// A step runs on the plugin's own threads, a slice of the batch each,
    /// their gradients summed in thread order: two runs of the same config
    /// (each its own `pacer` process, as OpenBLAS's thread count is
    /// process-wide) end with the same parameters to the bit. 97 images in
    /// batches of 32 end on a batch of one, which leaves a thread without
    /// images.
    @Test func twoRunsOfTheSameConfigEndWithTheSameParameters() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", trainSamples: 97, valSamples: 64, maxEpochs: 1)
        config["model"] = ["type": "CNNClassifier", "channels": [8, 16], "hidden": [32]]
        config["seed"] = 0
        let path = try Fixtures.writeConfig(config, in: folder)
        var states: [CheckpointFile] = []
        for run in ["first", "second"] {
            let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer",
                                          ["train", path, "--work-dir", folder + "/" + run])
            #expect(result.status == 0, "\(result.output)")
            states.append(try CheckpointFile.read(folder + "/" + run + "/epoch_1.safetensors"))
        }
        #expect(states[0].state.names.contains("conv2.weight"))
        #expect(states[0].state.names == states[1].state.names)
        for name in states[0].state.names {
            #expect(states[0].state.get(name) == states[1].state.get(name), "\(name) differs")
        }
    }

    @Test func aBadCNNConfigIsOneLineNamingTheKey() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["model"] = ["type": "CNNClassifier", "kernel_size": 3, "padding": 7]
        let path = try Fixtures.writeConfig(config, in: folder)
        #expect {
            try TrainingSession(config: ConfigLoader.load(path: path))
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(path + ": model: plugin CNNClassifier (") && text.contains("'padding'")
                && !text.contains("\n")
        }
    }
}
