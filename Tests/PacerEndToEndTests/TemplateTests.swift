import Foundation
import PacerConfig
import PacerTrain
import Testing

/// Each template in plugin-sdk/templates builds outside this repository
/// from a copy of plugin-sdk alone, with the commands its README gives, and
/// the plugin it builds runs in a real `pacer train`: it logs at its
/// interval and keeps its count in the checkpoints.
@Suite struct TemplateTests {
    @Test func theCTemplateBuildsWithPkgConfigFromACopyOfTheSDKAndRunsInTraining() throws {
        let folder = try Fixtures.temporaryDirectory()
        let sdk = try SDKTemplates.copySDK(into: folder)
        let library = try SDKTemplates.buildC(sdk: sdk, in: folder, pluginDir: folder + "/plugins")
        #expect(FileManager.default.fileExists(atPath: library))
        try expectTrainingRuns("ExampleHook", pluginDir: folder + "/plugins", in: folder)
    }

    @Test func theSwiftTemplateBuildsWithSwiftcFromACopyOfTheSDKAndRunsInTraining() throws {
        let folder = try Fixtures.temporaryDirectory()
        let sdk = try SDKTemplates.copySDK(into: folder)
        let library = try SDKTemplates.buildSwift(sdk: sdk, in: folder, pluginDir: folder + "/plugins")
        #expect(FileManager.default.fileExists(atPath: library))
        try expectTrainingRuns("SwiftExampleHook", pluginDir: folder + "/plugins", in: folder)
    }

    /// Trains 2 epochs of 8 iterations with the hook at train_interval 4.
    private func expectTrainingRuns(_ type: String, pluginDir: String, in folder: String) throws {
        let hooks: [ConfigValue] = [["type": .string(type), "train_interval": 4]]
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: hooks)
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path, "--plugin-dir", pluginDir])

        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let interval = lines.filter { $0.hasPrefix("[plugin info] \(type): iter ") }
        #expect(interval.map { $0.split(separator: ":")[1] } == [" iter 4", " iter 8", " iter 12", " iter 16"])
        #expect(interval.allSatisfy { $0.contains("over 4 iterations, lr 0.05") })
        #expect(lines.contains("[plugin info] \(type): saw 16 train iterations"))
        let checkpoint = try CheckpointFile.read(folder + "/work/epoch_1.safetensors")
        let seen = try #require(checkpoint.state.get("hooks.\(type).seen"))
        #expect(seen.bytes == withUnsafeBytes(of: Int64(8).littleEndian) { Array($0) })
    }
}
