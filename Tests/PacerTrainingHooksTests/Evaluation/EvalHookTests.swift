import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// `evaluation = dict(...)`: the EvalHook over `data.val`, its val lines in
/// the text and JSON logs, and `save_best`.
@Suite("EvalHook")
struct EvalHookTests {
    /// The TinyModel reporting `accuracies` on successive evaluations, with
    /// the text logger and `evaluation`, over `epochs` epochs.
    static func config(_ folder: String, accuracies: [Double], evaluation: ConfigDict, epochs: Int = 5,
                       extra: ConfigDict = [:]) -> ConfigDict {
        var entries = tinyConfig(.epoch, folder: folder, extra: [
            "model": ["type": "TinyModel", "accuracies": .list(accuracies.map { .double($0) })],
            "runner": ["type": "EpochBasedRunner", "max_epochs": .int(epochs)],
            "evaluation": .dict(evaluation),
            "log_config": ["interval": 5, "hooks": [["type": "TextLoggerHook"], ["type": "Recorder"]]],
        ])
        for (key, value) in extra { entries[key] = value }
        return entries
    }

    static func files(_ folder: String, prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func log(_ folder: String, suffix: String) throws -> [String] {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(suffix) })
        return try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func eachEvaluationIsAValLineInTheTextAndJSONLogs() throws {
        let folder = try TestSession.folder()
        try TestSession.run(Self.config(folder, accuracies: [0.25, 0.5], evaluation: ["interval": 2], epochs: 4),
                            in: folder)
        let work = folder + "/work"
        let json = try Self.log(work, suffix: ".log.json").filter { $0.contains("\"mode\": \"val\"") }
        #expect(json.count == 2)
        #expect(json[0].hasPrefix("{\"mode\": \"val\", \"epoch\": 2, \"iter\": 2, \"lr\": 0.02, \"loss\": "))
        #expect(json[0].hasSuffix(", \"accuracy\": 0.25}"))
        #expect(json[1].hasPrefix("{\"mode\": \"val\", \"epoch\": 4, \"iter\": 2, "))
        let text = try Self.log(work, suffix: ".log").filter { $0.hasPrefix("Epoch(val)") }
        #expect(text.count == 2)
        #expect(text[1].hasPrefix("Epoch(val) [4][2]\tloss: ") && text[1].hasSuffix(", accuracy: 0.5000"))
    }

    @Test func saveBestKeepsExactlyOneFileForTheBestScoreSoFar() throws {
        let folder = try TestSession.folder()
        let work = folder + "/work"
        var seen: [[String]] = []
        let session = try TestSession.build(Self.config(folder, accuracies: [0.3, 0.5, 0.5, 0.4, 0.6],
                                                        evaluation: ["interval": 1, "save_best": "accuracy"]),
                                            in: folder)
        session.runner.registerHook(EpochProbe { seen.append(try Self.files(work, prefix: "best_")) }, priority: .veryLow)
        try session.run()
        #expect(seen == [["best_accuracy_epoch_1.safetensors"], ["best_accuracy_epoch_2.safetensors"],
                         ["best_accuracy_epoch_2.safetensors"], ["best_accuracy_epoch_2.safetensors"],
                         ["best_accuracy_epoch_5.safetensors"]])
        let hook = try #require(session.runner.hooks.all.lazy.compactMap { $0.hook as? EvalHook }.first)
        #expect(hook.bestScore == 0.6 && hook.rule == .greater)
        let best = try CheckpointFile.read(work + "/best_accuracy_epoch_5.safetensors")
        #expect(best.epoch == 5)
    }

    @Test func aBestScoreOfZeroCounts() throws {
        let folder = try TestSession.folder()
        try TestSession.run(Self.config(folder, accuracies: [0, 0.2], evaluation: ["save_best": "accuracy", "rule": "less"],
                                        epochs: 2), in: folder)
        // MMCV skips a score of 0 and would keep best_accuracy_epoch_2.
        #expect(try Self.files(folder + "/work", prefix: "best_") == ["best_accuracy_epoch_1.safetensors"])
    }

    @Test func saveBestAutoTakesTheFirstMetricAndInfersItsRule() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(Self.config(folder, accuracies: [0.5], evaluation: ["save_best": "auto"], epochs: 2),
                                          in: folder)
        let hook = try #require(session.runner.hooks.all.lazy.compactMap { $0.hook as? EvalHook }.first)
        // The val step reports the loss first; the TinyModel's loss falls as it trains.
        #expect(hook.keyIndicator == "loss" && hook.rule == .less)
        #expect(try Self.files(folder + "/work", prefix: "best_") == ["best_loss_epoch_2.safetensors"])
    }

    @Test func startAndIntervalPickTheEpochsAsMMCVDoes() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(Self.config(folder, accuracies: [0.5], evaluation: ["start": 3, "interval": 2],
                                                      epochs: 6), in: folder)
        let json = try Self.log(folder + "/work", suffix: ".log.json").filter { $0.contains("\"mode\": \"val\"") }
        #expect(json.map { $0.contains("\"epoch\": 3,") } == [true, false])
        #expect(json.map { $0.contains("\"epoch\": 5,") } == [false, true])
        #expect(session.runner.epoch == 6)
    }

    @Test func byIterationTheTrainLineComesFirstThenTheValLine() throws {
        let folder = try TestSession.folder()
        var entries = tinyConfig(.iter, folder: folder, extra: [
            "model": ["type": "TinyModel", "accuracies": [0.5]],
            "evaluation": ["interval": 10],
            "log_config": ["interval": 5, "hooks": [["type": "TextLoggerHook"]]],
        ])
        entries["runner"] = ["type": "IterBasedRunner", "max_iters": 25]
        try TestSession.run(entries, in: folder)
        let text = try Self.log(folder + "/work", suffix: ".log").filter { $0.hasPrefix("Iter") }
        let heads = text.map { String($0.prefix { $0 != "\t" }) }
        #expect(heads == ["Iter [5/25]", "Iter [10/25]", "Iter(val) [2]", "Iter [15/25]", "Iter [20/25]", "Iter(val) [2]",
                          "Iter [25/25]"])
        #expect(text[2].hasSuffix("accuracy: 0.5000"))
    }
}

/// Runs `body` after every train epoch (after the EvalHook).
final class EpochProbe: Hook {
    let typeName = "EpochProbe"
    let origin = "test"
    let stages: Set<HookStage> = [.afterTrainEpoch]
    private let body: () throws -> Void

    init(_ body: @escaping () throws -> Void) { self.body = body }

    func call(_ stage: HookStage, runner: Runner) throws { try body() }
}
