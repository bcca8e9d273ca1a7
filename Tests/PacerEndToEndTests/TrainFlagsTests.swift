import Foundation
import PacerConfig
import Testing

/// The flags of MMCV's `tools/train.py`, as `pacer train` takes them.
@Suite struct TrainFlagsTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// A one-epoch config that trains only and evaluates through the
    /// evaluation hook, logging each epoch's validation.
    private func config(_ folder: String, epochs: Int = 1) throws -> String {
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: epochs,
                                          loggers: [["type": "TextLoggerHook"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = ["interval": 1]
        return try Fixtures.writeConfig(config, in: folder)
    }

    @Test func noValidateRegistersNoEvaluationHook() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder)

        let validated = try Fixtures.run(pacer, ["hooks", path])
        let plain = try Fixtures.run(pacer, ["train", path, "--no-validate"])

        #expect(validated.output.contains("EvalHook"))
        #expect(plain.status == 0)
        #expect(!plain.output.contains("Epoch(val)"))
    }

    @Test func noValidateLeavingAnEarlyStoppingHookNothingToWatchIsOneLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1,
                                          customHooks: [["type": "EarlyStoppingHook", "monitor": "accuracy"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = ["interval": 1]
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path, "--no-validate"])

        #expect(result.status == 1)
        #expect(result.output == "error: \(path): 'custom_hooks.0.monitor' has nothing to watch with --no-validate: "
            + "add a ('val', N) flow to the workflow or drop --no-validate\n")
    }

    @Test func autoResumeContinuesFromTheNewestCheckpointInTheWorkDir() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder)
        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        let result = try Fixtures.run(pacer, ["train", path, "--auto-resume", "--cfg-options", "runner.max_epochs=2"])

        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("resumed from \(folder)/work/epoch_1.safetensors: epoch 1"))
        #expect(FileManager.default.fileExists(atPath: folder + "/work/epoch_2.safetensors"))
    }

    @Test func autoResumeInAnEmptyWorkDirStartsAfresh() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try Fixtures.run(pacer, ["train", try config(folder), "--auto-resume"])

        #expect(result.status == 0)
        #expect(result.output.contains("no checkpoint in \(folder)/work, starting afresh"))
    }

    @Test func loadFromStartsFromTheWeightsOnly() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder)
        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        let result = try Fixtures.run(pacer, ["train", path, "--load-from", folder + "/work/epoch_1.safetensors",
                                              "--work-dir", folder + "/second"])

        #expect(result.status == 0)
        #expect(result.output.contains("loaded weights from \(folder)/work/epoch_1.safetensors: all keys matched"))
        #expect(FileManager.default.fileExists(atPath: folder + "/second/epoch_1.safetensors"))
    }

    @Test func anUnreadableResumeFromNamesTheFlag() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try Fixtures.run(pacer, ["train", try config(folder), "--resume-from", folder + "/none.safetensors"])

        let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(result.status == 1)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("error: --resume-from: \(folder)/none.safetensors: ") == true)
    }

    @Test func gpusIsOneNoteAndTheRunTrainsOnTheCPU() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try Fixtures.run(pacer, ["train", try config(folder), "--gpus", "2", "--deterministic"])

        #expect(result.status == 0)
        #expect(result.output.hasPrefix("note: --gpus/--gpu-ids are ignored: Pacer trains on the CPU "
            + "(OPENBLAS_NUM_THREADS sets its threads)\n"))
    }

    @Test func deterministicChangesNothingBecauseEveryRunIsDeterministic() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try config(folder)
        #expect(try Fixtures.run(pacer, ["train", path, "--work-dir", folder + "/a"]).status == 0)
        #expect(try Fixtures.run(pacer, ["train", path, "--work-dir", folder + "/b", "--deterministic"]).status == 0)

        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/a/epoch_1.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/b/epoch_1.safetensors"))
        #expect(Self.tensorBytes(a) == Self.tensorBytes(b))
    }

    /// The data section of a safetensors file: what follows the 8-byte
    /// header length and the JSON header (which records the config and so
    /// the work dir).
    private static func tensorBytes(_ file: Data) -> Data {
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return file.dropFirst(8 + length)
    }
}
