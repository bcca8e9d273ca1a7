import Foundation
import PacerConfig
import PacerTrain
import Testing

/// Every ending of `pacer train` is one clear line, with the exit status it
/// implies, and every checkpoint in the work dir stays valid: a plugin
/// that crashes or calls exit() is named with its file and hook point; a
/// SIGINT or SIGTERM finishes the current iteration, writes no partial
/// file and says how to resume.
@Suite struct EndingsTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// Every `.safetensors` in `work` reads back, and no temporary file is left.
    static func expectEveryCheckpointValid(_ work: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: work)
        #expect(!names.contains { $0.hasPrefix(".") }, "\(names)")
        let checkpoints = names.filter { $0.hasSuffix(".safetensors") }
        #expect(!checkpoints.isEmpty)
        for name in checkpoints { _ = try CheckpointFile.read(work + "/" + name) }
    }

    @Test(arguments: [("segv", SIGSEGV, "SIGSEGV"), ("abort", SIGABRT, "SIGABRT"), ("fpe", SIGFPE, "SIGFPE"),
                      ("bus", SIGBUS, "SIGBUS"), ("ill", SIGILL, "SIGILL")])
    func aPluginThatCrashesIsOneLineNamingItAndTheProcessEndsByTheSignal(how: String, signal: Int32, name: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("crash_hook.c", to: plugins + "/libcrash.so")
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: [
            ["type": "CrashHook", "how": .string(how), "at_iter": 10],
        ], loggers: [["type": "TextLoggerHook"]])
        let result = try Fixtures.run(pacer, ["train", Fixtures.writeConfig(config, in: folder), "--plugin-dir", plugins])

        #expect(result.status == signal)  // ended by the signal itself, as the shell shows (128 + signal)
        let line = "error: plugin crashed with \(name): hook CrashHook (\(plugins)/libcrash.so) in after_train_iter; "
            + "the run stopped there and every file it wrote before is intact"
        #expect(result.output.hasSuffix("\n" + line + "\n"), "\(result.output)")
        #expect(!result.output.contains("Backtrace") && !result.output.contains("Fatal error"))
        try Self.expectEveryCheckpointValid(folder + "/work")
        #expect(FileManager.default.fileExists(atPath: folder + "/work/epoch_1.safetensors"))
        let log = try RunLogTests.newestLog(folder + "/work")
        #expect(log.hasSuffix(line + "\n"))
    }

    @Test func aPluginThatCallsExitIsReportedAndNeverASuccess() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("crash_hook.c", to: plugins + "/libcrash.so")
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: [
            ["type": "CrashHook", "how": "exit", "at_iter": 10],
        ])
        let result = try Fixtures.run(pacer, ["train", Fixtures.writeConfig(config, in: folder), "--plugin-dir", plugins])

        #expect(result.status == 1)
        #expect(result.output.hasSuffix("\nerror: plugin called exit(): hook CrashHook (\(plugins)/libcrash.so) in "
                                        + "after_train_iter; the run stopped there, exit status 1; every file it "
                                        + "wrote before is intact\n"), "\(result.output)")
        try Self.expectEveryCheckpointValid(folder + "/work")
    }

    @Test(arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")])
    func aSignalFinishesTheIterationWritesNoPartialFileAndSaysHowToResume(signal: Int32, name: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        // 2048 samples in batches of 32: 64 iterations an epoch, long enough to be interrupted in epoch 2.
        let config = Fixtures.smallConfig(workDir: folder + "/work", trainSamples: 2048, maxEpochs: 6,
                                          loggers: [["type": "TextLoggerHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pacer)
        process.arguments = ["train", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let first = folder + "/work/epoch_1.safetensors"
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: first), process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, signal)
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 128 + signal, "\(output)")
        let last = try #require(output.split(separator: "\n").last.map(String.init))
        #expect(last.hasPrefix("stopped early: interrupted by \(name) in epoch 2 after iteration "), "\(output)")
        #expect(last.hasSuffix(": the current iteration finished and no partial file was written; resume with: "
                               + "pacer train \(path) --resume-from auto"))
        try Self.expectEveryCheckpointValid(folder + "/work")
        // The unfinished epoch 2 left no checkpoint.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/work")
        #expect(names.filter { $0.hasSuffix(".safetensors") }.sorted() == ["epoch_1.safetensors", "latest.safetensors"])
        try RunLogTests.expectTheWholeStory(RunLogTests.newestLog(folder + "/work"), ending: last,
                                            lastCheckpoint: first)

        let resumed = try Fixtures.run(pacer, ["train", path, "--resume-from", "auto", "--cfg-options", "runner.max_epochs=2"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resumed from \(first): epoch 1, iter 64"))
    }
}
