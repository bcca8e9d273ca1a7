import Foundation
import PacerConfig
import Testing

/// `evaluation = dict(metric=..., metric_options=...)` with mmcls's names.
@Suite struct EvaluationMetricsTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    private func config(_ folder: String, evaluation: ConfigDict) throws -> String {
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 2, loggers: [["type": "TextLoggerHook"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = .dict(evaluation)
        return try Fixtures.writeConfig(config, in: folder)
    }

    @Test func mmclsAccuracyIsLoggedInPercentUnderItsKeysAndKeepsTheBestCheckpoint() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder, evaluation: ["interval": 1, "metric": "accuracy",
                                                   "metric_options": ["topk": .tuple([1])], "save_best": "auto"])

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("Epoch(val)") }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("accuracy_top-1: ") && !$0.contains("loss") })
        let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/work")
        #expect(files.contains { $0.hasPrefix("best_accuracy_top-1_epoch_") })
    }

    @Test func aTopkOfOneNumberIsKeyedAccuracyAsMmclsKeysIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder, evaluation: ["interval": 1, "metric": ["accuracy", "loss"],
                                                   "metric_options": ["topk": 1]])

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 0)
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("Epoch(val)") })
        let keys = line.split(separator: "\t").last!.split(separator: ",").map {
            $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces)
        }
        #expect(keys == ["loss", "accuracy"])
    }

    @Test func aMistypedMetricOptionIsOneLineBeforeTraining() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder, evaluation: ["interval": 1, "metric": "accuracy",
                                                   "metric_options": ["top_k": .tuple([1, 5])]])

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 1)
        #expect(result.output == "error: \(path): 'evaluation.metric_options.top_k' is not an option of "
            + "metric_options; did you mean 'topk'?\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/work"))
    }

    @Test func aTopkBeyondTheModelsClassesIsOneLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder, evaluation: ["interval": 1, "metric": "accuracy",
                                                   "metric_options": ["topk": .tuple([1, 20])]])

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").last.map(String.init) == "error: hook EvalHook (built-in) failed in after_train_epoch: "
            + "metric_options topk 20 is outside 1...10, the model's classes")
    }
}
