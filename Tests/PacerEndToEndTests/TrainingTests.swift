import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// The MLP model plugin trains on real Fashion-MNIST under an
/// EpochBasedRunner, with the C EMA hook and the Swift text logger loaded
/// as plugins.
@Suite struct TrainingTests {
    @Test func theMLPPluginLearnsFashionMNISTWithEMAAndTheSwiftLogger() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(
            workDir: folder, trainSamples: 2048, valSamples: 512, maxEpochs: 3,
            customHooks: [["type": "EMAHook", "momentum": 0.1, "warm_up": 0]],
            loggers: [["type": "TextLoggerHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let session = try TrainingSession(config: ConfigLoader.load(path: path))
        try session.run()

        #expect(session.runner.epoch == 3 && session.runner.iter == 3 * 64)
        let log = try jsonLog(in: folder)
        let train = log.filter { $0.contains("\"mode\": \"train\"") }
        let val = log.filter { $0.contains("\"mode\": \"val\"") }
        #expect(train.count == 3 * 16 && val.count == 3)
        #expect(train.first!.hasPrefix("{\"mode\": \"train\", \"epoch\": 1, \"iter\": 4, \"lr\": 0.05, \"data_time\": "))
        let losses: [Double] = train.map { number("loss", in: $0) }
        let firstEpochLoss: Double = losses.prefix(16).reduce(0, +)
        let lastEpochLoss: Double = losses.suffix(16).reduce(0, +)
        #expect(lastEpochLoss < firstEpochLoss * 0.8)
        let finalAccuracy: Double = number("accuracy", in: val.last!)
        #expect(finalAccuracy > 0.7)
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("epoch_") }
        #expect(checkpoints.sorted() == ["epoch_1.safetensors", "epoch_2.safetensors", "epoch_3.safetensors"])
        let saved = try CheckpointFile.read(folder + "/epoch_3.safetensors")
        #expect(saved.state.get("hooks.EMAHook.shadow.fc1.weight")?.shape == [32, 784])
    }

    private func jsonLog(in folder: String) throws -> [String] {
        let name = try #require(FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".log.json") })
        return try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    private func number(_ key: String, in line: String) -> Double {
        let start = line.range(of: "\"\(key)\": ")!.upperBound
        return Double(line[start...].prefix { $0 != "," && $0 != "}" })!
    }
}
