import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// Reading checkpoints back, and writing failures that lose nothing.
@Suite("Checkpoint files")
struct CheckpointFileTests {
    private static func trainedRunner(_ folder: String) throws -> EpochBasedRunner {
        let model = TinyModel()
        let runner = EpochBasedRunner(model: model, optimizer: makeSGD(model, lr: 0.1), workDir: folder,
                                      timestamp: "t", maxEpochs: 1)
        runner.registerHook(OptimizerHook(gradClip: nil), priority: .aboveNormal)
        runner.registerHook(CheckpointHook(interval: 1, byEpoch: true, saveOptimizer: true, saveLast: true, maxKeep: -1,
                                           outDir: nil, checkpointer: Checkpointer(config: .null)))
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        return runner
    }

    @Test func readingAMissingFileIsACheckpointErrorNamingIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/epoch_9.safetensors"
        do {
            _ = try CheckpointFile.read(path)
            Issue.record("reading a missing file should fail")
        } catch let error as CheckpointError {
            guard case .unreadable(let named, _) = error else {
                Issue.record("expected unreadable, got \(error)")
                return
            }
            #expect(named == path)
            #expect(error.description.hasPrefix(path))
        }
    }

    @Test func readingAFileThatIsNotACheckpointIsCorruptNamingIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/notes.safetensors"
        try Data("hello, this is not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CheckpointFile.read(path)
            Issue.record("reading a non-checkpoint should fail")
        } catch let error as CheckpointError {
            guard case .corrupt(let named, _) = error else {
                Issue.record("expected corrupt, got \(error)")
                return
            }
            #expect(named == path)
        }
    }

    @Test func writingUnderAFileIsWriteFailedNamingThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = try Self.trainedRunner(folder.path)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/afile"))
        let path = folder.path + "/afile/epoch_2.safetensors"
        do {
            try Checkpointer(config: .null).save(runner, to: path, saveOptimizer: true, progress: Progress(epoch: 2, iter: 4))
            Issue.record("saving under a regular file should fail")
        } catch let error as CheckpointError {
            guard case .writeFailed(let named, _) = error else {
                Issue.record("expected writeFailed, got \(error)")
                return
            }
            #expect(named == path)
            #expect(error.description.hasPrefix(path))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func writingIntoAMissingFolderIsWriteFailedNamingThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = try Self.trainedRunner(folder.path)
        let path = folder.path + "/missing/epoch_2.safetensors"
        do {
            try Checkpointer(config: .null).save(runner, to: path, saveOptimizer: true, progress: Progress(epoch: 2, iter: 4))
            Issue.record("saving into a missing folder should fail")
        } catch let error as CheckpointError {
            guard case .writeFailed(let named, _) = error else {
                Issue.record("expected writeFailed, got \(error)")
                return
            }
            #expect(named == path)
        }
    }

    @Test func failedWriteLeavesThePreviousCheckpointReadable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = try Self.trainedRunner(folder.path)
        let before = try folder.listing()
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/afile"))
        #expect(throws: CheckpointError.self) {
            try Checkpointer(config: .null).save(runner, to: folder.path + "/afile/epoch_2.safetensors",
                                                 saveOptimizer: true, progress: Progress(epoch: 2, iter: 4))
        }
        let previous = try CheckpointFile.read(folder.path + "/epoch_1.safetensors")
        #expect(previous.epoch == 1 && previous.iter == 2)
        #expect(try CheckpointFile.read(folder.path + "/latest.safetensors").epoch == 1)
        let names = try folder.listing()
        #expect(names == (before + ["afile"]).sorted())
    }

    @Test func savingOverAnExistingCheckpointReplacesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = try Self.trainedRunner(folder.path)
        let path = folder.path + "/epoch_1.safetensors"
        try Checkpointer(config: .null).save(runner, to: path, saveOptimizer: false, progress: Progress(epoch: 7, iter: 70))
        let file = try CheckpointFile.read(path)
        #expect(file.epoch == 7 && file.iter == 70)
        #expect(file.state.get("optimizer.momentum_buffer.w") == nil)
        let names = try folder.listing()
        #expect(names == ["epoch_1.safetensors", "latest.safetensors"])
    }
}
