import Foundation
import PacerConfig
import PacerTrain
import Testing

/// The bundled MLPClassifier plugin on a slice of the real Fashion-MNIST
/// (/usr/share/datasets/fashion-mnist): 2048 training images in batches of
/// 32, three epochs, the loss of every iteration logged.
@Suite("Fashion-MNIST with the MLP plugin")
struct FashionMNISTTrainingTests {
    static func config(_ folder: String, optimizer: ConfigValue, extra: ConfigDict = [:]) -> ConfigDict {
        var entries: ConfigDict = [
            "model": ["type": "MLPClassifier", "hidden": [32]],
            "data": [
                "samples_per_gpu": 32,
                "train": ["type": "FashionMNIST", "num_samples": 2048],
                "val": ["type": "FashionMNIST", "test_mode": true, "num_samples": 512],
            ],
            "optimizer": optimizer,
            "optimizer_config": [:],
            "runner": ["type": "EpochBasedRunner", "max_epochs": 3],
            "log_config": ["interval": 1, "hooks": [["type": "Recorder"]]],
            "workflow": [.tuple(["train", 1])],
            "work_dir": .string(folder + "/work"),
        ]
        for (key, value) in extra { entries[key] = value }
        return entries
    }

    /// Mean loss of the first and of the last epoch (64 iterations each).
    static func firstAndLastEpochLoss(_ session: TrainingSession) throws -> (first: Double, last: Double) {
        let losses = try #require(TestSession.recorder(session)).losses
        try #require(losses.count == 3 * 64)
        return (losses.prefix(64).reduce(0, +) / 64, losses.suffix(64).reduce(0, +) / 64)
    }

    @Test func adamEndsBelowItsFirstEpochsLoss() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(Self.config(folder, optimizer: ["type": "Adam", "lr": 1e-3]), in: folder)
        let loss = try Self.firstAndLastEpochLoss(session)
        #expect(loss.last < loss.first, "first epoch \(loss.first), last epoch \(loss.last)")
    }

    @Test func sgdWithCosineAnnealingAndWarmupEndsBelowItsFirstEpochsLoss() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(Self.config(
            folder, optimizer: ["type": "SGD", "lr": 0.05, "momentum": 0.9, "weight_decay": 1e-4],
            extra: ["lr_config": ["policy": "CosineAnnealing", "min_lr_ratio": 0.01, "warmup": "linear",
                                  "warmup_iters": 30, "warmup_ratio": 0.1]]), in: folder)
        let loss = try Self.firstAndLastEpochLoss(session)
        #expect(loss.last < loss.first, "first epoch \(loss.first), last epoch \(loss.last)")
        let lrs = try #require(TestSession.recorder(session)).lrs.map { $0[0] }
        #expect(lrs[0] == 0.05 * (1 - (1 - 0.0 / 30) * (1 - 0.1)))  // linear warmup's first step
        #expect(lrs[64] == MMCV.annealingCos(0.05, 0.05 * 0.01, 1.0 / 3))  // epoch 2, warmup over
    }

    @Test func whenTheLearningRateDropsToZeroEarlyStoppingEndsTheRunAndTheFirstBestStays() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(Self.config(
            folder, optimizer: ["type": "SGD", "lr": 0.05, "momentum": 0.9],
            extra: [
                "runner": ["type": "EpochBasedRunner", "max_epochs": 10],
                "lr_config": ["policy": "step", "step": [1], "gamma": 0],  // lr 0 from the second epoch
                "evaluation": ["interval": 1, "save_best": "accuracy"],
                "custom_hooks": [["type": "EarlyStoppingHook", "monitor": "accuracy", "patience": 2]],
            ]), in: folder)
        // Evaluations after epochs 1, 2 and 3 score the same weights: two without improvement.
        #expect(session.runner.epoch == 3)
        let best = try FileManager.default.contentsOfDirectory(atPath: folder + "/work").filter { $0.hasPrefix("best_") }
        #expect(best == ["best_accuracy_epoch_1.safetensors"])
        let eval = try #require(session.runner.hooks.all.lazy.compactMap { $0.hook as? EvalHook }.first)
        let accuracy = try #require(eval.bestScore)
        #expect(accuracy > 0.5 && eval.lastResults.first { $0.key == "accuracy" }?.value == accuracy)
    }
}
