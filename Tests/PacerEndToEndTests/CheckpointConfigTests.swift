import Foundation
import PacerConfig
import Testing

/// `checkpoint_config` with MMCV's options beyond the interval.
@Suite struct CheckpointConfigTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    private func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".safetensors") }.sorted()
    }

    @Test func filenameTmplNamesTheFilesAndMaxKeepCkptsPrunesThem() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 3)
        config["checkpoint_config"] = ["interval": 1, "max_keep_ckpts": 2, "filename_tmpl": "ckpt_{}.safetensors"]
        let path = try Fixtures.writeConfig(config, in: folder)

        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        #expect(try files(in: folder + "/work") == ["ckpt_2.safetensors", "ckpt_3.safetensors", "latest.safetensors"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/work/latest.safetensors")
            == "ckpt_3.safetensors")
    }

    @Test func createSymlinkFalseWritesNoLatestLink() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 2)
        config["checkpoint_config"] = ["interval": 1, "create_symlink": false]
        let path = try Fixtures.writeConfig(config, in: folder)

        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        #expect(try files(in: folder + "/work") == ["epoch_1.safetensors", "epoch_2.safetensors"])
    }

    @Test func byEpochFalseUnderAnEpochRunnerSavesIterFilesAsMMCVNamesThem() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", trainSamples: 128, maxEpochs: 1)
        config["checkpoint_config"] = ["interval": 2, "by_epoch": false]
        let path = try Fixtures.writeConfig(config, in: folder)

        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        #expect(try files(in: folder + "/work") == ["iter_2.safetensors", "iter_4.safetensors", "latest.safetensors"])
    }

    @Test func aTemplateWithoutTheNumberIsOneLineNamingTheKey() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["checkpoint_config"] = ["interval": 1, "filename_tmpl": "epoch.pth"]
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 1)
        #expect(result.output == "error: \(path): 'checkpoint_config.filename_tmpl' is 'epoch.pth'; it must hold '{}' "
            + "once, for the epoch or iteration, end in .safetensors and name no folder\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/work"))
    }
}
