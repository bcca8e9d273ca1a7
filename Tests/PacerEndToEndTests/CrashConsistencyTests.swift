import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// A run killed at each step of a checkpoint's rotation (inside the final
/// write, after its rename and before `latest` moves, just before `latest`
/// moves, while pruning) and restarted with `--resume-from auto` ends with
/// the work dir invariants holding (`latest` names the newest checkpoint,
/// at most `max_keep_ckpts` are kept, no temporary file is left, each
/// repair one `note:` line) and the final checkpoint bit-identical to that
/// of the run never stopped. A file-size limit or a closed pipe is one line
/// and loses no checkpoint.
@Suite struct CrashConsistencyTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        let name: String
        let preload: String
        let environment: [String: String]
        /// Notes the restarted run must print (each a fragment of one line).
        let notes: [String]
        var testDescription: String { name }
    }

    static let scenarios = [
        Scenario(name: "killed writing the final checkpoint", preload: "libkillwrite.so",
                 environment: ["PACER_KILL_AT_WRITE": "3"],
                 notes: ["/.iter_8.safetensors.tmp-", "left by an interrupted write"]),
        Scenario(name: "killed after the final checkpoint's rename, before latest moved", preload: "libkillrotation.so",
                 environment: ["PACER_KILL_AFTER_RENAME": "3"],
                 notes: ["pointed at iter_6.safetensors; repaired to iter_8.safetensors", "/iter_3.safetensors to keep max_keep_ckpts=2"]),
        Scenario(name: "killed after a middle checkpoint's rename, before latest moved", preload: "libkillrotation.so",
                 environment: ["PACER_KILL_AFTER_RENAME": "2"],
                 notes: ["pointed at iter_3.safetensors; repaired to iter_6.safetensors"]),
        Scenario(name: "killed just before latest moved to the final checkpoint", preload: "libkillrotation.so",
                 environment: ["PACER_KILL_BEFORE_LINK": "3"],
                 notes: ["/.latest.safetensors.tmp-", "repaired to iter_8.safetensors", "to keep max_keep_ckpts=2"]),
        Scenario(name: "killed while pruning", preload: "libkillrotation.so",
                 environment: ["PACER_KILL_AT_PRUNE": "1"],
                 notes: ["/iter_3.safetensors to keep max_keep_ckpts=2"]),
    ]

    @Test(arguments: scenarios)
    func aRunKilledInTheRotationIsRepairedAndResumesToTheSameResult(_ scenario: Scenario) throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("kill_during_write.c", to: folder + "/libkillwrite.so", extra: ["-ldl"])
        try Fixtures.compile("kill_in_rotation.c", to: folder + "/libkillrotation.so", extra: ["-ldl"])
        let config = try Self.config(in: folder)

        let reference = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", folder + "/reference"])
        #expect(reference.status == 0, "\(reference.output)")
        let work = folder + "/killed"
        let killed = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", work],
                                      environment: scenario.environment.merging(["LD_PRELOAD": folder + "/" + scenario.preload]) { $1 })
        #expect(killed.status == 9, "the run was meant to die by SIGKILL: \(killed.output)")

        let resumed = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", work, "--resume-from", "auto"])
        #expect(resumed.status == 0, "\(resumed.output)")
        let notes = resumed.output.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        for fragment in scenario.notes {
            #expect(notes.contains { $0.contains(fragment) }, "no note with '\(fragment)' in \(resumed.output)")
        }
        try Self.expectInvariants(work, maxKeep: 2)
        let expected = try CheckpointFile.read(folder + "/reference/iter_8.safetensors")
        let actual = try CheckpointFile.read(work + "/iter_8.safetensors")
        #expect(actual.state.names == expected.state.names)
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs")
        }
    }

    @Test func aRunWithRandomTransformsOnTwoWorkersKilledMidEpochResumesBitIdentical() throws {
        // Killed by SIGKILL right after iter_6 (the middle of epoch 2) is
        // saved; the resumed run redraws the crops and flips of the rest of
        // epoch 2 from (seed, epoch, index) and ends where the uninterrupted one does.
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("kill_in_rotation.c", to: folder + "/libkillrotation.so", extra: ["-ldl"])
        let config = try Self.config(in: folder, pipeline: [
            ["type": "RandomCrop", "size": 28, "padding": 4],
            ["type": "RandomFlip", "flip_prob": 0.5],
            ["type": "Normalize", "mean": [72.94], "std": [90.02]],
        ], workers: 2)

        let reference = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", folder + "/reference"])
        #expect(reference.status == 0, "\(reference.output)")
        let work = folder + "/killed"
        let killed = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", work],
                                      environment: ["PACER_KILL_AFTER_RENAME": "2",
                                                    "LD_PRELOAD": folder + "/libkillrotation.so"])
        #expect(killed.status == 9, "the run was meant to die by SIGKILL: \(killed.output)")
        let resumed = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", work, "--resume-from", "auto"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resumed from \(work)/iter_6.safetensors"), "\(resumed.output)")

        let expected = try CheckpointFile.read(folder + "/reference/iter_8.safetensors")
        let actual = try CheckpointFile.read(work + "/iter_8.safetensors")
        #expect(actual.state.names == expected.state.names)
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs")
        }
    }

    @Test func aFinishedRunWithAStaleLatestIsRepairedWithoutTraining() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = try Self.config(in: folder)
        let work = folder + "/work"
        #expect(try Fixtures.run(Self.pacer, ["train", config, "--work-dir", work]).status == 0)
        let finalBytes = try Data(contentsOf: URL(fileURLWithPath: work + "/iter_8.safetensors"))
        try FileManager.default.removeItem(atPath: work + "/latest.safetensors")
        try FileManager.default.createSymbolicLink(atPath: work + "/latest.safetensors", withDestinationPath: "iter_6.safetensors")
        try Data("torn".utf8).write(to: URL(fileURLWithPath: work + "/.iter_9.safetensors.tmp-999999999"))
        let resumed = try Fixtures.run(Self.pacer, ["train", config, "--work-dir", work, "--resume-from", "auto"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("note: removed \(work)/.iter_9.safetensors.tmp-999999999, left by an interrupted write"))
        #expect(resumed.output.contains("note: \(work)/latest.safetensors pointed at iter_6.safetensors; repaired to iter_8.safetensors"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: work + "/iter_8.safetensors")) == finalBytes, "nothing retrained")
        try Self.expectInvariants(work, maxKeep: 2)
    }

    @Test func aFileSizeLimitIsOneLineAndKeepsThePreviousCheckpoint() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = try Self.config(in: folder)
        #expect(try Fixtures.run(Self.pacer, ["train", config, "--work-dir", folder + "/reference"]).status == 0)
        let work = folder + "/limited"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let previous = work + "/iter_6.safetensors"
        try FileManager.default.copyItem(atPath: folder + "/reference/iter_6.safetensors", toPath: previous)
        let size = try #require(FileManager.default.attributesOfItem(atPath: previous)[.size] as? Int)
        // ulimit -f counts 1024-byte blocks in bash: the limit lets the config dump through, not a checkpoint.
        let run = try Fixtures.run("/bin/bash", ["-c", "ulimit -f \(size / 2048); exec \"$0\" \"$@\"", Self.pacer,
                                                 "train", config, "--work-dir", work, "--resume-from", previous])
        #expect(run.status == 1, "\(run.output)")
        let errors = run.output.split(separator: "\n").filter { $0.contains("error: ") }
        #expect(errors == ["error: hook CheckpointHook (built-in) failed in after_train_iter: "
            + "\(work)/iter_8.safetensors: checkpoint not written: File too large"], "\(run.output)")
        #expect(try CheckpointFile.read(previous).iter == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasPrefix(".") } == [])
    }

    @Test func aClosedOutputPipeDoesNotKillTheRun() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = try Self.config(in: folder)
        let work = folder + "/piped"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pacer)
        process.arguments = ["train", config, "--work-dir", work]
        let pipe = Pipe()
        process.standardOutput = pipe
        try pipe.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(try CheckpointFile.read(work + "/latest.safetensors").iter == 8)
    }

    // MARK: - Support

    static let pacer = Fixtures.buildDirectory + "/pacer"

    /// Two epochs of four iterations with EMA; a checkpoint every three
    /// iterations and at the end (iter_3, iter_6, iter_8), two kept; the
    /// train split through `pipeline`, gathered by `workers` threads.
    static func config(in folder: String, pipeline: ConfigValue? = nil, workers: Int = 0) throws -> String {
        var config = Fixtures.smallConfig(workDir: folder + "/unused", trainSamples: 128, valSamples: 64, maxEpochs: 2,
                                          customHooks: [["type": "EMAHook", "momentum": 0.1, "warm_up": 4]])
        config["data"] = [
            "samples_per_gpu": 32,
            "train": ["type": "FashionMNIST", "test_mode": true, "num_samples": 128],
            "val": ["type": "FashionMNIST", "test_mode": true, "num_samples": 64],
        ]
        config["checkpoint_config"] = ["interval": 3, "by_epoch": false, "max_keep_ckpts": 2]
        if let pipeline { config.set("data.train.pipeline", pipeline) }
        config.set("data.workers_per_gpu", .int(workers))
        return try Fixtures.writeConfig(config, in: folder)
    }

    /// `latest` names the newest checkpoint, at most `maxKeep` are kept,
    /// and no temporary (dot) file is left.
    static func expectInvariants(_ work: String, maxKeep: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: work)
        #expect(names.filter { $0.hasPrefix(".") } == [], "temporary files left", sourceLocation: sourceLocation)
        let checkpoints = names.compactMap { name -> Int? in
            guard name.hasPrefix("iter_"), name.hasSuffix(".safetensors") else { return nil }
            return Int(name.dropFirst(5).dropLast(12))
        }.sorted()
        #expect(checkpoints.count <= maxKeep, "kept \(checkpoints)", sourceLocation: sourceLocation)
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: work + "/latest.safetensors")
        #expect(latest == "iter_\(checkpoints.last ?? -1).safetensors", sourceLocation: sourceLocation)
    }
}
