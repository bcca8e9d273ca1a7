import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// CheckpointHook and Checkpointer through a real EpochBasedRunner with SGD
/// and a model whose parameters change every step.
@Suite("CheckpointHook")
struct CheckpointHookTests {
    static let config: ConfigValue = ["model": ["type": "TinyModel"], "lr": 0.1]

    /// A runner over a TinyModel with SGD (momentum 0.9) stepped by an
    /// OptimizerHook, writing into `folder`.
    private static func makeRunner(_ folder: String, epochs: Int) -> EpochBasedRunner {
        let model = TinyModel(names: ["fc.weight", "fc.bias"], values: [[1, 2, 3, 4], [0.5, -0.5]],
                              gradients: [[0.5, -0.25, 1, 2], [0.125, 1]])
        let runner = EpochBasedRunner(model: model, optimizer: makeSGD(model, lr: 0.1, momentum: 0.9),
                                      workDir: folder, timestamp: "t", maxEpochs: epochs)
        runner.registerHook(OptimizerHook(gradClip: nil), priority: .aboveNormal)
        return runner
    }

    private static func hook(interval: Int = 1, byEpoch: Bool = true, maxKeep: Int = -1,
                             outDir: String? = nil, saveLast: Bool = true) -> CheckpointHook {
        CheckpointHook(interval: interval, byEpoch: byEpoch, saveOptimizer: true, saveLast: saveLast, maxKeep: maxKeep,
                       outDir: outDir, checkpointer: Checkpointer(config: config))
    }

    @Test func byEpochWritesOneFilePerEpoch() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = Self.makeRunner(folder.path, epochs: 3)
        runner.registerHook(Self.hook())
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        let names = try folder.listing()
        #expect(names == ["epoch_1.safetensors", "epoch_2.safetensors", "epoch_3.safetensors",
                                         "latest.safetensors"])
    }

    @Test func latestIsARelativeLinkToTheNewestCheckpoint() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = Self.makeRunner(folder.path, epochs: 3)
        runner.registerHook(Self.hook())
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: folder.path + "/latest.safetensors")
        #expect(target == "epoch_3.safetensors")
        #expect(try CheckpointFile.read(folder.path + "/latest.safetensors").epoch == 3)
    }

    @Test func latestLinkSurvivesMovingTheFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let work = folder.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: false)
        let runner = Self.makeRunner(work, epochs: 2)
        runner.registerHook(Self.hook())
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        try FileManager.default.moveItem(atPath: work, toPath: folder.path + "/moved")
        #expect(try CheckpointFile.read(folder.path + "/moved/latest.safetensors").epoch == 2)
    }

    @Test func maxKeepLeavesExactlyTheNewestTwo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = Self.makeRunner(folder.path, epochs: 4)
        runner.registerHook(Self.hook(maxKeep: 2))
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        let names = try folder.listing()
        #expect(names == ["epoch_3.safetensors", "epoch_4.safetensors", "latest.safetensors"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.path + "/latest.safetensors")
            == "epoch_4.safetensors")
    }

    @Test func maxKeepWithIntervalAndSaveLastKeepsTheNewestFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // interval 3 over 10 epochs saves 3, 6, 9 and the last, 10 (MMCV keeps a third
        // file here; Pacer keeps exactly max_keep).
        let runner = Self.makeRunner(folder.path, epochs: 10)
        runner.registerHook(Self.hook(interval: 3, maxKeep: 2))
        try runner.run([FixedLoader(count: 1)], workflow: [Flow("train", 1)])
        let names = try folder.listing()
        #expect(names == ["epoch_10.safetensors", "epoch_9.safetensors", "latest.safetensors"])
    }

    @Test func maxKeepAfterResumeStillLeavesExactlyTheNewestTwo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // First run: stops after epoch 2 of 4, leaving epoch_1 and epoch_2.
        let first = Self.makeRunner(folder.path, epochs: 4)
        first.registerHook(Self.hook(maxKeep: 2))
        first.registerHook(ClosureHook("Stop", stages: [.afterTrainEpoch]) { _, runner in
            if runner.epoch == 1 { runner.requestStop(reason: "interrupted") }
        }, priority: .lowest)
        try first.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        try #require(try folder.listing() == ["epoch_1.safetensors", "epoch_2.safetensors", "latest.safetensors"])
        // Second run resumes from epoch 2 and trains epochs 3 and 4.
        let second = Self.makeRunner(folder.path, epochs: 4)
        let checkpointer = Checkpointer(config: Self.config)
        second.registerHook(Self.hook(maxKeep: 2))
        try checkpointer.resume(second, from: CheckpointFile.read(folder.path + "/latest.safetensors"))
        try second.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        let names = try folder.listing()
        #expect(names == ["epoch_3.safetensors", "epoch_4.safetensors", "latest.safetensors"])
    }

    @Test func savedCountersAreTheOnesTheNextIterationSees() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let itersPerEpoch = 3
        let runner = Self.makeRunner(folder.path, epochs: 3)
        runner.registerHook(Self.hook())
        try runner.run([FixedLoader(count: itersPerEpoch)], workflow: [Flow("train", 1)])
        for epoch in 1...3 {
            let file = try CheckpointFile.read(folder.path + "/epoch_\(epoch).safetensors")
            #expect(file.epoch == epoch)
            #expect(file.iter == epoch * itersPerEpoch)
        }
    }

    @Test func checkpointHoldsTheParametersAtSaveTime() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = Self.makeRunner(folder.path, epochs: 2)
        var snapshots: [[Float]] = []
        runner.registerHook(Self.hook())
        runner.registerHook(ClosureHook("Snapshot", stages: [.afterTrainEpoch]) { _, runner in
            snapshots.append(values(of: runner.model.parameters[0]))
        }, priority: .lowest)
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        try #require(snapshots.count == 2)
        #expect(snapshots[0] != snapshots[1])
        for epoch in 1...2 {
            let file = try CheckpointFile.read(folder.path + "/epoch_\(epoch).safetensors")
            let weight = try #require(file.state.get("fc.weight"))
            #expect(weight.dtype == .float32 && weight.shape == [4])
            #expect(floats(weight.bytes) == snapshots[epoch - 1], "epoch \(epoch)")
        }
    }

    @Test func checkpointHoldsBuffersOptimizerStateAndConfig() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = Self.makeRunner(folder.path, epochs: 1)
        runner.registerHook(Self.hook())
        try runner.run([FixedLoader(count: 2)], workflow: [Flow("train", 1)])
        let file = try CheckpointFile.read(folder.path + "/epoch_1.safetensors")
        #expect(file.state.get("running").map { floats($0.bytes) } == [7, 8])
        #expect(file.state.get("fc.bias")?.shape == [2])
        // Two steps with a constant gradient g and momentum 0.9: buf = 0.9*g + g.
        let g = Float(0.125)
        #expect(file.state.get("optimizer.momentum_buffer.fc.bias").map { floats($0.bytes)[0] } == Float(0.9) * g + 1 * g)
        #expect(file.meta.config == Self.config)
    }

    @Test func byIterationWritesIterNWithIterN() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = Self.makeRunner(folder.path, epochs: 2)
        runner.registerHook(Self.hook(interval: 2, byEpoch: false))
        try runner.run([FixedLoader(count: 3)], workflow: [Flow("train", 1)])
        let names = try folder.listing()
        #expect(names == ["iter_2.safetensors", "iter_4.safetensors", "iter_6.safetensors",
                                         "latest.safetensors"])
        for n in [2, 4, 6] {
            let file = try CheckpointFile.read(folder.path + "/iter_\(n).safetensors")
            #expect(file.iter == n)
            #expect(file.epoch == (n - 1) / 3)
        }
    }

    @Test func outDirOverridesTheWorkDir() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let runner = Self.makeRunner(folder.path, epochs: 1)
        runner.registerHook(Self.hook(outDir: out))
        try runner.run([FixedLoader(count: 1)], workflow: [Flow("train", 1)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            == ["epoch_1.safetensors", "latest.safetensors"])
    }

    @Test func failedSaveStopsTheRunNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let notAFolder = folder.path + "/afile"
        try Data("x".utf8).write(to: URL(fileURLWithPath: notAFolder))
        let runner = Self.makeRunner(folder.path, epochs: 2)
        runner.registerHook(Self.hook(outDir: notAFolder))
        do {
            try runner.run([FixedLoader(count: 1)], workflow: [Flow("train", 1)])
            Issue.record("the run should have failed")
        } catch {
            #expect("\(error)".contains(notAFolder + "/epoch_1.safetensors"))
        }
        #expect(runner.epoch == 0)
    }
}
