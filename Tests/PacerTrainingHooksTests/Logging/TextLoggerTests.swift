import Foundation
import PacerConfig
import Testing

/// The Swift TextLoggerHook plugin and the IterTimerHook through the real
/// runner: MMCV's line shapes and its `interval`, `by_epoch`,
/// `ignore_last` and `reset_flag` (EpochBasedRunner: 5 epochs of 5 iterations).
@Suite("Text and JSON logs")
struct TextLoggerTests {
    /// Runs the TinyModel with `loggers` at `interval`; returns the logger's text and JSON lines.
    static func logs(_ runner: RunnerKind = .epoch, interval: Int, loggers: [ConfigDict] = [[:]],
                     workflow: ConfigValue? = nil) throws -> (text: [String], json: [String]) {
        let folder = try TestSession.folder()
        let hooks = loggers.map { options -> ConfigValue in
            var hook: ConfigDict = ["type": "TextLoggerHook"]
            for (key, value) in options { hook[key] = value }
            return .dict(hook)
        }
        var extra: ConfigDict = ["log_config": ["interval": .int(interval), "hooks": .list(hooks)]]
        if let workflow { extra["workflow"] = workflow }
        try TestSession.run(tinyConfig(runner, folder: folder, extra: extra), in: folder)
        // The run's header and summary (and the .log.json's metadata line) surround the logger's lines.
        return (try EvalHookTests.log(folder + "/work", suffix: ".log").filter { $0.hasPrefix("Epoch") || $0.hasPrefix("Iter") },
                try EvalHookTests.log(folder + "/work", suffix: ".log.json").filter { $0.hasPrefix("{\"mode\": ") })
    }

    static func heads(_ lines: [String]) -> [String] { lines.map { String($0.prefix { $0 != "\t" }) } }

    @Test func byEpochLinesCountInnerIterationsAndSkipThePartialLastInterval() throws {
        let (text, json) = try Self.logs(interval: 2)
        #expect(Self.heads(text) == (1...5).flatMap { ["Epoch [\($0)][2/5]", "Epoch [\($0)][4/5]"] })
        let line = try Regex(#"Epoch \[1\]\[2/5\]\tlr: 2\.000e-02, eta: \d+:\d\d:\d\d, time: \d+\.\d{3}, data_time: \d+\.\d{3}, loss: \d+\.\d{4}"#)
        #expect(try line.wholeMatch(in: text[0]) != nil, "\(text[0])")
        let record = try Regex(#"\{"mode": "train", "epoch": 1, "iter": 2, "lr": 0\.02, "data_time": [-0-9.e]+, "loss": [-0-9.e]+, "time": [-0-9.e]+\}"#)
        #expect(try record.wholeMatch(in: json[0]) != nil, "\(json[0])")
        #expect(json.count == 10)
    }

    @Test func ignoreLastFalseAlsoLogsEachEpochsPartialInterval() throws {
        let (text, _) = try Self.logs(interval: 2, loggers: [["ignore_last": false]])
        #expect(Self.heads(text).prefix(3) == ["Epoch [1][2/5]", "Epoch [1][4/5]", "Epoch [1][5/5]"])
        #expect(text.count == 15)
    }

    @Test func notByEpochCountsRunIterations() throws {
        let (text, _) = try Self.logs(interval: 5, loggers: [["by_epoch": false]])
        #expect(Self.heads(text) == ["Iter [5/25]", "Iter [10/25]", "Iter [15/25]", "Iter [20/25]", "Iter [25/25]"])
    }

    @Test func theIterBasedRunnerLogsIterationsByDefault() throws {
        let (text, json) = try Self.logs(.iter, interval: 10)
        #expect(Self.heads(text) == ["Iter [10/25]", "Iter [20/25]"])
        #expect(json[0].hasPrefix("{\"mode\": \"train\", \"epoch\": 2, \"iter\": 10, \"lr\": 0.02, "))
    }

    @Test func resetFlagFalseLeavesTheOutputForTheEpochEnd() throws {
        // Not cleared after the iteration's line, the output is still ready
        // at after_train_epoch and is logged once more, as in MMCV.
        let kept = try Self.logs(interval: 5, loggers: [["reset_flag": false]])
        let cleared = try Self.logs(interval: 5)
        #expect(kept.json.count == 10 && cleared.json.count == 5)
        #expect(kept.json[0] == kept.json[1])
    }

    @Test func resetFlagFalseLetsTheNextLoggerPrintTheSameRecord() throws {
        let (_, json) = try Self.logs(interval: 5, loggers: [["reset_flag": false], [:]])
        #expect(json.count == 10 && json[0] == json[1])
    }

    @Test func theTimerLogsDataTimeWithinTimeEveryIteration() throws {
        let (_, json) = try Self.logs(interval: 1)
        let number = { (key: String, line: String) -> Double in
            let start = line.range(of: "\"\(key)\": ")!.upperBound
            return Double(line[start...].prefix { $0 != "," && $0 != "}" })!
        }
        #expect(json.count == 25)
        for line in json {
            let time = number("time", line), dataTime = number("data_time", line)
            #expect(dataTime >= 0 && dataTime <= time, "\(line)")
        }
    }

    @Test func aWorkflowValEpochIsOneValLineOfItsAverages() throws {
        let (text, json) = try Self.logs(interval: 5, workflow: [.tuple(["train", 1]), .tuple(["val", 1])])
        let val = text.filter { $0.hasPrefix("Epoch(val)") }
        #expect(val.count == 5)
        let line = try Regex(#"Epoch\(val\) \[1\]\[2\]\tloss: \d+\.\d{4}, accuracy: -?\d+\.\d{4}"#)
        #expect(try line.wholeMatch(in: val[0]) != nil, "\(val[0])")
        #expect(json.filter { $0.hasPrefix("{\"mode\": \"val\", \"epoch\": 1, \"iter\": 2, \"lr\": 0.02, \"data_time\": ") }.count == 1)
    }
}
