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

    /// A config trained for one epoch, and its checkpoint.
    private func trainedOnce(_ folder: String) throws -> (config: String, checkpoint: String) {
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1), in: folder)
        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)
        return (path, folder + "/work/epoch_1.safetensors")
    }

    @Test func pacerTestOutWritesMmclsClassScoresAndPredictionsAsJSON() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trainedOnce(folder)

        let result = try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--out", folder + "/preds.json"])

        #expect(result.status == 0, "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/preds.json")))
        let object = try #require(json as? [String: Any])
        let scores = try #require(object["class_scores"] as? [[Double]])
        let labels = try #require(object["pred_label"] as? [Int])
        let best = try #require(object["pred_score"] as? [Double])
        #expect(scores.count == 128 && labels.count == 128 && best.count == 128)
        for (row, (label, score)) in zip(scores, zip(labels, best)) {
            #expect(row.count == 10)
            #expect(abs(row.reduce(0, +) - 1) < 1e-5)
            #expect(row[label] == row.max() && score == row[label])
        }
    }

    @Test func pacerTestOutWritesTheSameScoresAsANpyFileNumPyReads() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trainedOnce(folder)
        #expect(try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--out", folder + "/p.json"]).status == 0)
        #expect(try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--out", folder + "/p.npy"]).status == 0)

        let check = try Fixtures.run("/usr/bin/env", ["python3", "-c", """
            import json, numpy as np
            a = np.load('\(folder)/p.npy')
            b = np.array(json.load(open('\(folder)/p.json'))['class_scores'], dtype=np.float32)
            print(a.dtype, a.shape, bool((a == b).all()))
            """])

        #expect(check.output == "float32 (128, 10) True\n")
    }

    @Test func pacerTestMetricsPrintsTheReportedOnesThenMmclssAndNamesTheFlagForAnUnknownOne() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trainedOnce(folder)

        let chosen = try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--metrics", "accuracy", "loss"])
        let unknown = try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--metrics", "f1_scor"])

        #expect(chosen.status == 0)
        let keys = chosen.output.split(separator: ",").map { $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces) }
        #expect(keys == ["loss", "accuracy_top-1", "accuracy_top-5"])
        #expect(unknown.status == 1)
        #expect(unknown.output == "error: --metrics: metric 'f1_scor' is not among the evaluation results "
            + "(loss, accuracy)\n")
    }

    @Test func mmclsMetricsEqualNumPysOnTheSameScoresAndLabels() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trainedOnce(folder)
        let metrics = ["accuracy", "support", "precision", "recall", "f1_score"]

        let result = try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--out", folder + "/s.npy",
                                              "--metrics"] + metrics)
        let reference = try Fixtures.run("/usr/bin/env", ["python3", "-c", """
            import gzip, numpy as np
            s = np.load('\(folder)/s.npy')
            y = np.frombuffer(gzip.open('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz').read(),
                              np.uint8, offset=8)[:len(s)].astype(int)
            p, c = s.argmax(1), s.shape[1]
            top = lambda k: np.mean([y[i] in np.argsort(-s[i], kind='stable')[:k] for i in range(len(y))]) * 100
            tp = np.array([((p == k) & (y == k)).sum() for k in range(c)], float)
            prec = tp / np.maximum([(p == k).sum() for k in range(c)], 1) * 100
            rec = tp / np.maximum([(y == k).sum() for k in range(c)], 1) * 100
            f1 = 2 * prec * rec / np.maximum(prec + rec, np.finfo(np.float32).eps)
            values = [('accuracy_top-1', top(1)), ('accuracy_top-5', top(5)), ('support', len(y)),
                      ('precision', prec.mean()), ('recall', rec.mean()), ('f1_score', f1.mean())]
            print(', '.join(f'{k}: {v:.4f}' for k, v in values))
            """])

        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == reference.output)
    }

    @Test func pacerTestOutRefusesAnotherFormatBeforeEvaluating() throws {
        let folder = try Fixtures.temporaryDirectory()
        let run = try trainedOnce(folder)

        let result = try Fixtures.run(pacer, ["test", run.config, run.checkpoint, "--out", folder + "/p.pkl"])

        #expect(result.status == 1)
        #expect(result.output == "error: --out: \(folder)/p.pkl: name a .json or .npy file\n")
    }
}
