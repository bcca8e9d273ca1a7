import Foundation
import PacerConfig
import Testing

/// A mistyped or unknown key anywhere in a config stops `pacer train` before
/// it writes anything: exit status 1 and one line naming the config file,
/// the key path and the closest valid key. Each case changes one key of a
/// config that uses every section and three kinds of plugin keys: the C
/// EMAHook declares its options (ABI 1.1), while the C MLP model and the
/// Swift TextLoggerHook declare none, so the host checks the keys they read.
@Suite struct MistypedKeyTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    struct Case: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let change: @Sendable (inout ConfigDict) -> Void
        let message: String
    }

    static let cases: [Case] = [
        Case(testDescription: "runner.max_epoch", change: { $0.set("runner.max_epoch", 1) },
             message: "'runner.max_epoch' is not an option of EpochBasedRunner; did you mean 'max_epochs'?"),
        Case(testDescription: "IterBasedRunner max_iter",
             change: { $0["runner"] = ["type": "IterBasedRunner", "max_iters": 8, "max_iter": 8] },
             message: "'runner.max_iter' is not an option of IterBasedRunner; did you mean 'max_iters'?"),
        Case(testDescription: "model.hiden (a plugin that declares no options)", change: { $0.set("model.hiden", [8]) },
             message: "'model.hiden' is not an option of MLPClassifier; did you mean 'hidden'?"),
        Case(testDescription: "model.num_clases", change: { $0.set("model.num_clases", 10) },
             message: "'model.num_clases' is not an option of MLPClassifier; did you mean 'num_classes'?"),
        Case(testDescription: "data.samples_per_gpus", change: { $0.set("data.samples_per_gpus", 8) },
             message: "'data.samples_per_gpus' is not an option of data; did you mean 'samples_per_gpu'?"),
        Case(testDescription: "data.worker_per_gpu", change: { $0.set("data.worker_per_gpu", 2) },
             message: "'data.worker_per_gpu' is not an option of data; did you mean 'workers_per_gpu'?"),
        Case(testDescription: "data.train.num_sample", change: { $0.set("data.train.num_sample", 64) },
             message: "'data.train.num_sample' is not an option of FashionMNIST; did you mean 'num_samples'?"),
        Case(testDescription: "data.test.test_mod", change: { $0.set("data.test.test_mod", true) },
             message: "'data.test.test_mod' is not an option of FashionMNIST; did you mean 'test_mode'?"),
        Case(testDescription: "data.train.split (renamed)", change: { $0.set("data.train.split", "train") },
             message: "'data.train.split' is Pacer's old spelling: as in mmcls, write test_mode=True for the test files "
                + "('train' is the default)"),
        Case(testDescription: "data.train.data_root (renamed)", change: { $0.set("data.train.data_root", "/data") },
             message: "'data.train.data_root' is Pacer's old spelling: as in mmcls, write data_prefix='<folder>' instead"),
        Case(testDescription: "data.train.pipeline.1.sizee",
             change: { $0.set("data.train.pipeline", [["type": "Normalize", "mean": [0], "std": [1]],
                                                       ["type": "Resize", "sizee": 28]]) },
             message: "'data.train.pipeline.1.sizee' is not an option of Resize; did you mean 'size'?"),
        Case(testDescription: "data.train.pipeline.0.type RandomFlp",
             change: { $0.set("data.train.pipeline", [["type": "RandomFlp"]]) },
             message: "data.train.pipeline.0: unknown transform type 'RandomFlp'; did you mean 'RandomFlip'?"),
        Case(testDescription: "data.train_dataloader.shufle",
             change: { $0.set("data.train_dataloader", ["shufle": false]) },
             message: "'data.train_dataloader.shufle' is not an option of data.train_dataloader; "
                + "did you mean 'shuffle'?"),
        Case(testDescription: "data.val_dataloader.sample_per_gpu",
             change: { $0.set("data.val_dataloader", ["sample_per_gpu": 16]) },
             message: "'data.val_dataloader.sample_per_gpu' is not an option of data.val_dataloader; "
                + "did you mean 'samples_per_gpu'?"),
        Case(testDescription: "optimizer.momentun", change: { $0.set("optimizer.momentun", 0.9) },
             message: "'optimizer.momentun' is not an option of SGD; did you mean 'momentum'?"),
        Case(testDescription: "optimizer.weight_decy", change: { $0.set("optimizer.weight_decy", 1e-4) },
             message: "'optimizer.weight_decy' is not an option of SGD; did you mean 'weight_decay'?"),
        Case(testDescription: "Adam beta", change: { $0["optimizer"] = ["type": "Adam", "lr": 0.001, "beta": [0.9, 0.99]] },
             message: "'optimizer.beta' is not an option of Adam; did you mean 'betas'?"),
        Case(testDescription: "paramwise_cfg.bias_lr_mul",
             change: { $0.set("optimizer.paramwise_cfg", ["bias_lr_mul": 2.0]) },
             message: "'optimizer.paramwise_cfg.bias_lr_mul' is not an option of paramwise_cfg; did you mean 'bias_lr_mult'?"),
        Case(testDescription: "optimizer_config.grad_clp", change: { $0.set("optimizer_config.grad_clp", .null) },
             message: "'optimizer_config.grad_clp' is not an option of OptimizerHook; did you mean 'grad_clip'?"),
        Case(testDescription: "grad_clip.max_nrom", change: { $0.set("optimizer_config.grad_clip", ["max_nrom": 5]) },
             message: "'optimizer_config.grad_clip.max_nrom' is not an option of grad_clip; did you mean 'max_norm'?"),
        Case(testDescription: "cumulative_iter",
             change: { $0["optimizer_config"] = ["type": "GradientCumulativeOptimizerHook", "cumulative_iter": 2] },
             message: "'optimizer_config.cumulative_iter' is not an option of GradientCumulativeOptimizerHook; "
                + "did you mean 'cumulative_iters'?"),
        Case(testDescription: "lr_config.stp", change: { $0.set("lr_config.stp", [1]) },
             message: "'lr_config.stp' is not an option of StepLrUpdaterHook; did you mean 'step'?"),
        Case(testDescription: "lr_config.warmup_iter", change: { $0.set("lr_config.warmup_iter", 5) },
             message: "'lr_config.warmup_iter' is not an option of StepLrUpdaterHook; did you mean 'warmup_iters'?"),
        Case(testDescription: "lr_config.policy 'stepp'", change: { $0.set("lr_config.policy", "stepp") },
             message: "'lr_config.policy' is 'stepp', not a known policy; did you mean 'Step'?"),
        Case(testDescription: "momentum_config.min_momentun",
             change: { $0["momentum_config"] = ["policy": "CosineAnnealing", "min_momentun": 0.85] },
             message: "'momentum_config.min_momentun' is not an option of CosineAnnealingMomentumUpdaterHook; "
                + "did you mean 'min_momentum'?"),
        Case(testDescription: "checkpoint_config.intervl", change: { $0.set("checkpoint_config.intervl", 2) },
             message: "'checkpoint_config.intervl' is not an option of CheckpointHook; did you mean 'interval'?"),
        Case(testDescription: "checkpoint_config.max_keep_ckpt", change: { $0.set("checkpoint_config.max_keep_ckpt", 1) },
             message: "'checkpoint_config.max_keep_ckpt' is not an option of CheckpointHook; did you mean 'max_keep_ckpts'?"),
        Case(testDescription: "checkpoint_config.filename_tmp",
             change: { $0.set("checkpoint_config.filename_tmp", "ep_{}.safetensors") },
             message: "'checkpoint_config.filename_tmp' is not an option of CheckpointHook; did you mean 'filename_tmpl'?"),
        Case(testDescription: "log_config.intervall", change: { $0.set("log_config.intervall", 5) },
             message: "'log_config.intervall' is not an option of log_config; did you mean 'interval'?"),
        Case(testDescription: "a logger's intervl (a Swift plugin)", change: { $0.set("log_config.hooks.0.intervl", 5) },
             message: "'log_config.hooks.0.intervl' is not an option of TextLoggerHook; did you mean 'interval'?"),
        Case(testDescription: "a logger type TextLogerHook", change: { $0.set("log_config.hooks.0.type", "TextLogerHook") },
             message: "log_config.hooks.0: unknown hook type 'TextLogerHook'; did you mean 'TextLoggerHook'?"),
        Case(testDescription: "timer_config type IterTimerHok", change: { $0["timer_config"] = ["type": "IterTimerHok"] },
             message: "timer_config: unknown hook type 'IterTimerHok'; did you mean 'IterTimerHook'?"),
        Case(testDescription: "evaluation.intervl", change: { $0.set("evaluation.intervl", 1) },
             message: "'evaluation.intervl' is not an option of evaluation; did you mean 'interval'?"),
        Case(testDescription: "evaluation.save_bst", change: { $0.set("evaluation.save_bst", "accuracy") },
             message: "'evaluation.save_bst' is not an option of evaluation; did you mean 'save_best'?"),
        Case(testDescription: "EMAHook momentun", change: { $0.set("custom_hooks.0.momentun", 0.5) },
             message: "'custom_hooks.0.momentun' is not an option of EMAHook; did you mean 'momentum'?"),
        Case(testDescription: "EMAHook priorty", change: { $0.set("custom_hooks.0.priorty", 40) },
             message: "'custom_hooks.0.priorty' is not an option of EMAHook; did you mean 'priority'?"),
        Case(testDescription: "EarlyStoppingHook patiance", change: { $0.set("custom_hooks.1.patiance", 3) },
             message: "'custom_hooks.1.patiance' is not an option of EarlyStoppingHook; did you mean 'patience'?"),
        Case(testDescription: "a custom hook type EMAhook", change: { $0.set("custom_hooks.0.type", "EMAhook") },
             message: "custom_hooks.0: unknown hook type 'EMAhook'; did you mean 'EMAHook'?"),
        Case(testDescription: "top-level optimzer", change: { $0["optimzer"] = ["type": "SGD", "lr": 0.1] },
             message: "'optimzer' is not a config key Pacer reads; did you mean 'optimizer'?"),
        Case(testDescription: "top-level lr_confg", change: { $0["lr_confg"] = ["policy": "step", "step": [1]] },
             message: "'lr_confg' is not a config key Pacer reads; did you mean 'lr_config'?"),
        Case(testDescription: "top-level custom_hook", change: { $0["custom_hook"] = [] },
             message: "'custom_hook' is not a config key Pacer reads; did you mean 'custom_hooks'?"),
        Case(testDescription: "top-level fp16", change: { $0["fp16"] = ["loss_scale": 512] },
             message: "'fp16' Pacer trains in float32 on the CPU; remove fp16 (mixed precision is not supported)"),
    ]

    /// A config that uses every section Pacer reads.
    static func fullConfig(workDir: String) -> ConfigDict {
        var config = Fixtures.smallConfig(
            workDir: workDir, customHooks: [["type": "EMAHook", "momentum": 0.01],
                                            ["type": "EarlyStoppingHook", "monitor": "accuracy", "patience": 2]],
            loggers: [["type": "TextLoggerHook"]])
        config.set("data.test", ["type": "FashionMNIST", "test_mode": true, "num_samples": 64])
        config.set("optimizer.weight_decay", 1e-4)
        config["optimizer_config"] = ["grad_clip": ["max_norm": 10]]
        config["lr_config"] = ["policy": "step", "step": [1], "warmup": "linear", "warmup_iters": 2]
        config["evaluation"] = ["interval": 1, "save_best": "accuracy"]
        return config
    }

    @Test func theFullConfigTrains() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Fixtures.writeConfig(Self.fullConfig(workDir: folder + "/work"), in: folder)
        let result = try Fixtures.run(pacer, ["train", path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: cases)
    func isOneLineNamingTheFileTheKeyAndTheFixBeforeAnythingIsWritten(_ c: Case) throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Self.fullConfig(workDir: folder + "/work")
        c.change(&config)
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 1)
        #expect(result.output == "error: \(path): \(c.message)\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/work"))
    }

    @Test func theSameKeySetByCfgOptionsNamesTheFlag() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Fixtures.writeConfig(Self.fullConfig(workDir: folder + "/work"), in: folder)

        let result = try Fixtures.run(pacer, ["train", path, "--cfg-options", "runner.max_epoch=1"])

        #expect(result.status == 1)
        #expect(result.output == "error: --cfg-options: 'runner.max_epoch' is not an option of EpochBasedRunner; "
            + "did you mean 'max_epochs'?\n")
    }

    @Test func mmcvKeysPacerDoesNotUseAreOneNoteAndTheRunGoesOn() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Self.fullConfig(workDir: folder + "/work")
        config["dist_params"] = ["backend": "nccl"]
        config["log_level"] = "INFO"
        config["img_norm_cfg"] = ["mean": [33.46], "std": [78.87]]
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.components(separatedBy: "\n").filter { $0.hasPrefix("note: ") }
            == ["note: ignored: dist_params, log_level (\(path))"])
    }
}
