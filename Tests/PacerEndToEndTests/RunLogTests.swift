import Foundation
import PacerConfig
import PacerTrain
import Testing

/// The work dir's `<timestamp>.log` tells the whole story of a run: the
/// environment, the merged config, the plugins loaded and the hook order
/// first, then resumed or loaded from, each checkpoint written, how the run
/// ended (finished, stopped early by a hook or a plugin's request, an error
/// with its line; EndingsTests has SIGINT and SIGTERM) and a summary.
@Suite struct RunLogTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// A config training `epochs` epochs with the evaluation hook keeping the
    /// best accuracy, and the text logger.
    static func config(_ folder: String, epochs: Int, customHooks: [ConfigValue] = []) -> ConfigDict {
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: epochs, customHooks: customHooks,
                                          loggers: [["type": "TextLoggerHook"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = ["interval": 1, "save_best": "accuracy"]
        return config
    }

    /// The text of the newest `.log` in `work` (runs are named by timestamp).
    static func newestLog(_ work: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasSuffix(".log") }.sorted()
        return try String(contentsOfFile: work + "/" + #require(names.last), encoding: .utf8)
    }

    /// Whether `commit` is HEAD of the package's git checkout or an
    /// ancestor of it (the tests may run after a commit made since the
    /// build), or nil outside a git checkout.
    static func isPackageCommit(_ commit: String) throws -> Bool? {
        let head = try Fixtures.run("/usr/bin/env", ["git", "-C", Fixtures.packageRoot, "rev-parse", "HEAD"])
        guard head.status == 0 else { return nil }
        return try Fixtures.run("/usr/bin/env", ["git", "-C", Fixtures.packageRoot, "merge-base", "--is-ancestor",
                                                 commit, "HEAD"]).status == 0
    }

    /// Expects everything item 5 of the work-dir story lists in `log`, the
    /// `.log` of a run with the text logger and the MLP model: the
    /// environment (Pacer's version and commit, Swift, OpenBLAS and its
    /// threads, the CPU), the merged config, the plugins loaded (type, kind,
    /// version, ABI, file), the hook order, all before the first logged
    /// line, then the line of each checkpoint written, `ending` (how the
    /// run ended) and the summary (the last checkpoint `lastCheckpoint`, the
    /// wall time last).
    static func expectTheWholeStory(_ log: String, ending: String, lastCheckpoint: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(log.hasPrefix("Environment info:\n" + String(repeating: "-", count: 60) + "\nsys.platform: linux\n"),
                sourceLocation: sourceLocation)
        // Pacer's version and the commit stamped at build time: 12 hex digits of this checkout's history.
        let stamped = try Regex(#"\nPacer: 0\.1\.0\+([0-9a-f]{12})(-dirty)?\n"#)
        if let match = log.firstMatch(of: stamped), let commit = match.output[1].substring {
            #expect(try isPackageCommit(String(commit)) == true, "\(commit)", sourceLocation: sourceLocation)
        } else {
            #expect(try isPackageCommit("HEAD") == nil && log.contains("\nPacer: 0.1.0\n"), sourceLocation: sourceLocation)
        }
        for line in ["Swift: 6.", "CPU: ", "OpenBLAS: OpenBLAS ", "OPENBLAS_NUM_THREADS: ", "Config:\n",
                     "model = dict(type='MLPClassifier', hidden=[32])\n", "Plugins loaded:\nTYPE ",
                     "Hooks will be executed in the following order:\nbefore_run:\n"] {
            #expect(log.contains("\n" + line), "\(line)", sourceLocation: sourceLocation)
        }
        let lines = log.split(separator: "\n").map(String.init)
        let cpu = try #require(lines.first { $0.hasPrefix("CPU: ") }, sourceLocation: sourceLocation)
        #expect(cpu.hasSuffix(" logical cores)"), sourceLocation: sourceLocation)
        let blas = try #require(lines.first { $0.hasPrefix("OpenBLAS: ") }, sourceLocation: sourceLocation)
        let threads = try Regex(#", \d+ threads$"#)
        #expect(blas.contains(threads), sourceLocation: sourceLocation)
        // The plugin table: type, kind, version, ABI and file of each plugin the run loaded.
        for (type, kind) in [("MLPClassifier", "model"), ("TextLoggerHook", "hook")] {
            let row = try Regex("^\(type) +\(kind) +\\d+\\.\\d+\\.\\d+ +1\\.\\d+ +/\\S+\\.so$")
            #expect(lines.contains { (try? row.wholeMatch(in: $0)) != nil }, "\(type)", sourceLocation: sourceLocation)
        }
        #expect(log.contains("(VERY_LOW    ) TextLoggerHook"), sourceLocation: sourceLocation)
        let header = try #require(log.range(of: "Hooks will be executed"), sourceLocation: sourceLocation)
        let firstLogged = try #require(log.range(of: "\nEpoch ["), sourceLocation: sourceLocation)
        #expect(header.upperBound < firstLogged.lowerBound, sourceLocation: sourceLocation)
        #expect(lines.contains(ending), "\(ending)", sourceLocation: sourceLocation)
        #expect(lines.contains("last checkpoint: \(lastCheckpoint)"), sourceLocation: sourceLocation)
        // Each checkpoint written is a line; the last one too.
        #expect(lines.contains { $0.hasPrefix("Saved checkpoint at ") && $0.hasSuffix(" epochs: " + lastCheckpoint) },
                sourceLocation: sourceLocation)
        let end = try #require(lines.lastIndex(of: ending), sourceLocation: sourceLocation)
        let wall = try Regex(#"wall time: \d+:\d\d:\d\d"#)
        #expect((try? wall.wholeMatch(in: lines.last ?? "")) != nil, sourceLocation: sourceLocation)
        #expect(lines[end...].contains("last checkpoint: \(lastCheckpoint)"), sourceLocation: sourceLocation)
    }

    @Test func aFinishedRunStartsWithEnvironmentConfigPluginsAndHooksAndEndsWithASummary() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try Fixtures.run(pacer, ["train", Fixtures.writeConfig(Self.config(folder, epochs: 2), in: folder)])
        #expect(result.status == 0, "\(result.output)")
        let work = folder + "/work"
        let log = try Self.newestLog(work)

        #expect(log.hasPrefix("Environment info:\n"))
        for line in ["sys.platform: linux", "Pacer: 0.1.0", "Swift: 6.", "CPU: ", "OpenBLAS: OpenBLAS ",
                     "Config:", "model = dict(type='MLPClassifier', hidden=[32])", "Plugins loaded:",
                     "Hooks will be executed in the following order:", "after_train_epoch:"] {
            #expect(log.contains("\n" + line), "\(line)")
        }
        #expect(log.contains(try #require(log.split(separator: "\n").first { $0.hasPrefix("MLPClassifier ") })))
        #expect(log.contains("(VERY_LOW    ) TextLoggerHook"))
        let header = try #require(log.range(of: "Hooks will be executed"))
        let firstTrainLine = try #require(log.range(of: "Epoch [1][4/8]"))
        #expect(header.upperBound < firstTrainLine.lowerBound)

        for line in ["Saved checkpoint at 1 epochs: \(work)/epoch_1.safetensors",
                     "Saved checkpoint at 2 epochs: \(work)/epoch_2.safetensors",
                     "finished: epoch 2, iter 16", "last checkpoint: \(work)/epoch_2.safetensors"] {
            #expect(log.contains("\n" + line + "\n"), "\(line)")
        }
        try Self.expectTheWholeStory(log, ending: "finished: epoch 2, iter 16",
                                     lastCheckpoint: work + "/epoch_2.safetensors")
        let best = try #require(log.split(separator: "\n").first { $0.hasPrefix("best accuracy: ") })
        #expect(best.hasSuffix(" in \(work)/best_accuracy_epoch_2.safetensors")
                    || best.hasSuffix(" in \(work)/best_accuracy_epoch_1.safetensors"))
        #expect(log.split(separator: "\n").last?.hasPrefix("wall time: 0:00:") == true)
    }

    @Test func aResumedAndALoadedRunSayWhereTheyCameFrom() throws {
        let folder = try Fixtures.temporaryDirectory()
        let work = folder + "/work"
        let first = try Fixtures.run(pacer, ["train", Fixtures.writeConfig(Self.config(folder, epochs: 1), in: folder)])
        #expect(first.status == 0, "\(first.output)")
        // Timestamps name the logs to the second.
        Thread.sleep(forTimeInterval: 1.1)
        let path = try Fixtures.writeConfig(Self.config(folder, epochs: 2), in: folder, name: "two.json")
        let resumed = try Fixtures.run(pacer, ["train", path, "--resume-from", work + "/epoch_1.safetensors"])
        #expect(resumed.status == 0, "\(resumed.output)")
        let resumedLog = try Self.newestLog(work)
        #expect(resumedLog.contains("\nresumed from \(work)/epoch_1.safetensors: epoch 1, iter 8\n"))
        #expect(resumedLog.contains("\nfinished: epoch 2, iter 16\n"))
        try Self.expectTheWholeStory(resumedLog, ending: "finished: epoch 2, iter 16",
                                     lastCheckpoint: work + "/epoch_2.safetensors")
        let resumedLine = try #require(resumedLog.range(of: "\nresumed from "))
        #expect(resumedLine.lowerBound < resumedLog.range(of: "Epoch [2][4/8]")!.lowerBound)

        let other = folder + "/other"
        let loaded = try Fixtures.run(pacer, ["train", path, "--work-dir", other, "--load-from", work + "/epoch_1.safetensors"])
        #expect(loaded.status == 0, "\(loaded.output)")
        let loadedLog = try Self.newestLog(other)
        #expect(loadedLog.contains("\nloaded weights from \(work)/epoch_1.safetensors"))
        try Self.expectTheWholeStory(loadedLog, ending: "finished: epoch 2, iter 16",
                                     lastCheckpoint: other + "/epoch_2.safetensors")
    }

    @Test func anEarlyStoppedRunGivesTheReason() throws {
        let folder = try Fixtures.temporaryDirectory()
        // The loss falls every epoch, so 'greater' never improves: stop after the patience.
        let stopper: ConfigValue = ["type": "EarlyStoppingHook", "monitor": "loss", "rule": "greater", "patience": 1]
        let path = try Fixtures.writeConfig(Self.config(folder, epochs: 5, customHooks: [stopper]), in: folder)
        let result = try Fixtures.run(pacer, ["train", path])
        #expect(result.status == 0, "\(result.output)")
        let log = try Self.newestLog(folder + "/work")
        let stopped = try #require(log.split(separator: "\n").first { $0.hasPrefix("stopped early: ") })
        #expect(stopped.contains("loss"))
        #expect(!log.contains("\nfinished: "))
        try Self.expectTheWholeStory(log, ending: String(stopped),
                                     lastCheckpoint: folder + "/work/epoch_2.safetensors")
    }

    @Test func aPluginsRequestToStopIsTheEnding() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("stop_hook.c", to: plugins + "/libstop.so")
        let stopper: ConfigValue = ["type": "StopHook", "at_epoch": 1]
        let path = try Fixtures.writeConfig(Self.config(folder, epochs: 3, customHooks: [stopper]), in: folder)
        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("\nstopped early: StopHook: enough after epoch 1\n"), "\(result.output)")
        let log = try Self.newestLog(folder + "/work")
        try Self.expectTheWholeStory(log, ending: "stopped early: StopHook: enough after epoch 1",
                                     lastCheckpoint: folder + "/work/epoch_1.safetensors")
        #expect(!log.contains("epoch_2"))
    }

    @Test func aFailedRunKeepsTheErrorLineAndWhatWasWritten() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        let failing: ConfigValue = ["type": "TraceHook", "trace_path": .string(folder + "/trace"),
                                    "fail_at": "after_train_iter", "fail_iter": 10]
        let path = try Fixtures.writeConfig(Self.config(folder, epochs: 2, customHooks: [failing]), in: folder)
        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])
        #expect(result.status == 1)
        let log = try Self.newestLog(folder + "/work")
        try Self.expectTheWholeStory(log,
                                     ending: "stopped by an error: hook TraceHook (\(plugins)/libtrace.so) failed in "
                                         + "after_train_iter: injected failure",
                                     lastCheckpoint: folder + "/work/epoch_1.safetensors")
        #expect(result.output.contains("hook TraceHook (\(plugins)/libtrace.so) failed in after_train_iter: injected failure"))
        #expect(log.contains("\nTraceHook "))  // in the plugin table
    }
}
