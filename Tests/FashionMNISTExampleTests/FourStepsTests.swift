import Foundation
@testable import FashionMNISTExample
import Pacer
import PacerTrain
import Testing

/// The example's four steps run end to end on a slice of Fashion-MNIST.
@Suite struct FourStepsTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "pacer-example-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theFourStepsTrainCallTheHooksAndWriteCheckpoints() throws {
        let workDir = try folder()
        let (runner, reporter) = try trainFashionMNIST(workDir: workDir, epochs: 2, trainSamples: 512, testSamples: 256)

        #expect(reporter.epochsSeen == [0, 1])
        #expect(runner.epoch == 2 && runner.iter == 8)
        #expect(runner.hooks.all.map(\.hook.typeName) == [
            "StepLrUpdaterHook", "OptimizerHook", "EMAHook", "CheckpointHook", "IterTimerHook", "EpochReporter",
            "TextLoggerHook",
        ])
        let checkpoint = try CheckpointFile.read(workDir + "/latest.safetensors")
        #expect(checkpoint.epoch == 2 && checkpoint.iter == 8)
        #expect(checkpoint.state.get("fc3.weight")?.shape == [10, 128])
        #expect(checkpoint.state.get("hooks.EMAHook.shadow.fc1.weight") != nil)
    }

    @Test func resumingTheExampleContinuesFromItsCheckpoint() throws {
        let workDir = try folder()
        try trainFashionMNIST(workDir: workDir, epochs: 1, trainSamples: 256, testSamples: 128)
        let (runner, reporter) = try trainFashionMNIST(
            workDir: workDir, epochs: 2, trainSamples: 256, testSamples: 128, resume: workDir + "/epoch_1.safetensors")
        #expect(reporter.epochsSeen == [1])
        #expect(runner.iter == 4)
    }
}
