import Foundation
import PacerConfig
import PacerTrain
import Testing

/// Writing your own model: the C template plugin-sdk/templates/c-model
/// (ExampleMLP), built outside this repository from a copy of plugin-sdk
/// with the commands its README gives, and a Swift model written with the
/// kit's `ModelPlugin` (Fixtures/swift_model.swift), built with swiftc
/// against plugin-sdk alone, each train on real Fashion-MNIST to well above
/// chance (0.1), keep their buffer in checkpoints, and resume from a
/// checkpoint to the bits of the uninterrupted run; `init_seed` follows the
/// run's seed, and a batch that does not fit the model stops the run with
/// one line naming the option to fix.
@Suite struct ModelTemplateTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// A plugin folder holding both models, built once per test process:
    /// the C template from a copy of plugin-sdk with its Makefile, the Swift
    /// fixture with swiftc.
    private static let built: Result<String, FixtureError> = {
        do {
            let folder = try Fixtures.temporaryDirectory("modelPlugins")
            let sdk = try SDKTemplates.copySDK(into: folder)
            _ = try SDKTemplates.buildCModel(sdk: sdk, in: folder, pluginDir: folder + "/plugins")
            try SwiftPluginBuilder.build("swift_model.swift", to: folder + "/plugins/libswift_model.so")
            return .success(folder + "/plugins")
        } catch let error as FixtureError {
            return .failure(error)
        } catch {
            return .failure(.compileFailed("\(error)"))
        }
    }()

    private var plugins: String { get throws { try Self.built.get() } }

    @Test func theCModelTemplateBuildsFromACopyOfTheSDKTrainsAboveChanceAndResumesBitIdentically() throws {
        let folder = try Fixtures.temporaryDirectory()
        #expect(FileManager.default.fileExists(atPath: try plugins + "/libexample_model.so"))

        let model: ConfigDict = ["type": "ExampleMLP", "hidden": 64, "dropout": 0.1]
        let accuracy = try expectTrainingAndResume(model, plugins: plugins, in: folder,
                                                   trainSamples: 2048, tensors: ["fc1.weight", "fc2.bias", "input_mean"])
        #expect(accuracy > 0.7)
    }

    @Test func aSwiftModelWrittenWithTheKitTrainsAboveChanceAndResumesBitIdentically() throws {
        let folder = try Fixtures.temporaryDirectory()
        let accuracy = try expectTrainingAndResume(["type": "SwiftSoftmaxRegression"], plugins: plugins,
                                                   in: folder, trainSamples: 1024,
                                                   tensors: ["fc.weight", "fc.bias", "input_mean"])
        #expect(accuracy > 0.6)
    }

    @Test(arguments: ["ExampleMLP", "SwiftSoftmaxRegression"])
    func aBatchThatDoesNotFitTheModelStopsTheRunWithOneLineNamingTheOption(_ type: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        for (name, option, value) in [("features", "in_features", 100), ("classes", "num_classes", 5)] {
            var config = Fixtures.smallConfig(workDir: folder + "/" + name, trainSamples: 64, valSamples: 32)
            config.set("model", ["type": .string(type)])
            config.set("model." + option, .int(value))
            let path = try Fixtures.writeConfig(config, in: folder, name: name + ".json")

            let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])

            #expect(result.status == 1, "\(result.output)")
            let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(errors.count == 1, "\(result.output)")
            #expect(errors.first?.contains("failed in its train step: \(type): ") == true, "\(errors)")
            #expect(errors.first?.contains("; set \(option)") == true, "\(errors)")
        }
    }

    @Test func theRunsSeedIsTheModelsInitSeedUnlessTheModelSetsIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try plugins
        func initialWeights(_ name: String, seed: Int, initSeed: Int? = nil) throws -> [UInt8]? {
            var config = Fixtures.smallConfig(workDir: folder + "/" + name, trainSamples: 32, valSamples: 32,
                                              maxEpochs: 1)
            config.set("model", ["type": "SwiftSoftmaxRegression"])
            if let initSeed { config.set("model.init_seed", .int(initSeed)) }
            config.set("optimizer.lr", 0.0)
            config.set("optimizer.momentum", 0.0)
            let path = try Fixtures.writeConfig(config, in: folder, name: name + ".json")
            let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins, "--seed", String(seed)])
            #expect(result.status == 0, "\(result.output)")
            return try CheckpointFile.read(folder + "/\(name)/epoch_1.safetensors").state.get("fc.weight")?.bytes
        }

        let seed3 = try initialWeights("seed3", seed: 3)
        #expect(seed3 != nil)
        #expect(try initialWeights("seed3again", seed: 3) == seed3)
        #expect(try initialWeights("seed4", seed: 4) != seed3)
        #expect(try initialWeights("own3", seed: 4, initSeed: 3) == seed3)
    }

    /// Trains `model` for 3 epochs on `trainSamples` Fashion-MNIST images,
    /// then again from the first epoch's checkpoint into another work dir;
    /// expects both runs to end with the same bits in every tensor of the
    /// last checkpoint, `tensors` among them. Returns the last val accuracy.
    private func expectTrainingAndResume(_ model: ConfigDict, plugins: String, in folder: String, trainSamples: Int,
                                         tensors: [String]) throws -> Double {
        var config = Fixtures.smallConfig(workDir: folder + "/whole", trainSamples: trainSamples, valSamples: 512,
                                          maxEpochs: 3, loggers: [["type": "TextLoggerHook"]])
        config.set("model", .dict(model))
        let path = try Fixtures.writeConfig(config, in: folder)

        let whole = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])
        #expect(whole.status == 0, "\(whole.output)")
        let resumed = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins, "--work-dir", folder + "/resumed",
                                               "--resume-from", folder + "/whole/epoch_1.safetensors"])
        #expect(resumed.status == 0, "\(resumed.output)")

        let expected = try CheckpointFile.read(folder + "/whole/epoch_3.safetensors")
        let actual = try CheckpointFile.read(folder + "/resumed/epoch_3.safetensors")
        #expect(actual.state.names == expected.state.names)
        for name in tensors + ["optimizer.momentum_buffer." + tensors[0]] {
            #expect(expected.state.names.contains(name), "\(name) is not in the checkpoint")
        }
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs after resuming")
        }
        let first = try CheckpointFile.read(folder + "/whole/epoch_1.safetensors")
        #expect(first.state.get(tensors[2]) != expected.state.get(tensors[2]), "the buffer never moved")

        let lastVal = try #require(whole.output.split(separator: "\n").last { $0.hasPrefix("Epoch(val) [3]") })
        return try #require(Double(lastVal.split(separator: "accuracy: ").last ?? ""), "\(lastVal)")
    }
}
