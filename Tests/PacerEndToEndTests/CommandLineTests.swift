import Foundation
import PacerConfig
import Testing

/// `pacer test` and `pacer hooks`, run as a user runs them.
@Suite struct CommandLineTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    @Test func pacerTestPrintsTheMetricsOfACheckpointOnTheTestSplit() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1), in: folder)
        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        let result = try Fixtures.run(pacer, ["test", path, folder + "/work/epoch_1.safetensors"])
        #expect(result.status == 0)
        let line = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("loss: ") && line.contains(", accuracy: 0."))
    }

    @Test func pacerTestNamesACheckpointThatDoesNotFit() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1), in: folder)
        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)
        var wider = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1)
        wider["model"] = ["type": "MLPClassifier", "hidden": [64]]
        let other = try Fixtures.writeConfig(wider, in: folder, name: "wider.json")

        let result = try Fixtures.run(pacer, ["test", other, folder + "/work/epoch_1.safetensors"])
        #expect(result.status == 1)
        #expect(result.output == "error: \(folder)/work/epoch_1.safetensors: checkpoint does not fit this run: "
            + "'fc1.weight' has shape [32, 784] in the checkpoint, [64, 784] in the model\n")
    }

    @Test func pacerHooksListsEachStageInCallOrderWithOrigins() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: [["type": "EMAHook"]],
                                          loggers: [["type": "TextLoggerHook"]])
        let result = try Fixtures.run(pacer, ["hooks", Fixtures.writeConfig(config, in: folder)])
        #expect(result.status == 0)
        let ema = Fixtures.buildDirectory + "/libPacerEMAHook.so"
        let logger = Fixtures.buildDirectory + "/libPacerTextLogger.so"
        #expect(result.output.contains("""
            after_train_iter:
            (ABOVE_NORMAL) OptimizerHook                       built-in
            (49          ) EMAHook                             \(ema)
            (LOW         ) IterTimerHook                       built-in
            (VERY_LOW    ) TextLoggerHook                      \(logger)
             --------------------
            """))
        #expect(!FileManager.default.fileExists(atPath: folder + "/work"))
    }
}
