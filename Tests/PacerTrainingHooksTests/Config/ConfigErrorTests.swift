import Foundation
import PacerConfig
import Testing

/// Every bad option is one line naming the config file and the key, raised
/// while the session is built, before anything runs.
@Suite("Config errors")
struct ConfigErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        var runner: RunnerKind = .epoch
        let extra: ConfigDict
        /// What the line says after the file name.
        let message: String
    }

    static let cases: [Case] = [
        Case(description: "unknown policy", extra: ["lr_config": ["policy": "cosine"]],
             message: "'lr_config.policy' is 'cosine', not a known policy (known: CosineAnnealing, CosineRestart, Cyclic, Exp, Fixed, FlatCosineAnnealing, Inv, LinearAnnealing, OneCycle, Poly, Step)"),
        Case(description: "missing step", extra: ["lr_config": ["policy": "step"]], message: "missing key 'lr_config.step'"),
        Case(description: "step not positive", extra: ["lr_config": ["policy": "step", "step": [3, 0]]],
             message: "'lr_config.step.1' must be a positive integer"),
        Case(description: "warmup_ratio of 0", extra: ["lr_config": ["policy": "fixed", "warmup": "linear", "warmup_iters": 5,
                                                                     "warmup_ratio": 0]],
             message: "'lr_config.warmup_ratio' must be in (0, 1]"),
        Case(description: "warmup_ratio above 1", extra: ["lr_config": ["policy": "fixed", "warmup": "exp", "warmup_iters": 5,
                                                                        "warmup_ratio": 1.5]],
             message: "'lr_config.warmup_ratio' must be in (0, 1]"),
        Case(description: "unknown warmup", extra: ["lr_config": ["policy": "fixed", "warmup": "cosine", "warmup_iters": 5]],
             message: "'lr_config.warmup' is 'cosine'; valid types are constant, linear and exp"),
        Case(description: "warmup without warmup_iters", extra: ["lr_config": ["policy": "fixed", "warmup": "linear"]],
             message: "'lr_config.warmup_iters' must be a positive integer"),
        Case(description: "by_epoch=True for cyclic", extra: ["lr_config": ["policy": "cyclic", "by_epoch": true]],
             message: "'lr_config.by_epoch' must be false: the Cyclic policy counts iterations"),
        Case(description: "by_epoch=True for OneCycle", extra: ["lr_config": ["policy": "OneCycle", "max_lr": 0.1, "by_epoch": true]],
             message: "'lr_config.by_epoch' must be false: the OneCycle policy counts iterations"),
        Case(description: "min_lr and min_lr_ratio both",
             extra: ["lr_config": ["policy": "CosineAnnealing", "min_lr": 0.001, "min_lr_ratio": 0.1]],
             message: "'lr_config.min_lr_ratio' is set together with 'min_lr'; set exactly one of them"),
        Case(description: "min_lr and min_lr_ratio neither", extra: ["lr_config": ["policy": "LinearAnnealing"]],
             message: "'lr_config.min_lr' is not set; set exactly one of 'min_lr' and 'min_lr_ratio'"),
        Case(description: "min_momentum and min_momentum_ratio neither", extra: ["momentum_config": ["policy": "CosineAnnealing"]],
             message: "'momentum_config.min_momentum' is not set; set exactly one of 'min_momentum' and 'min_momentum_ratio'"),
        Case(description: "an option the policy does not have", extra: ["lr_config": ["policy": "step", "step": 2, "gama": 0.5]],
             message: "'lr_config.gama' is not an option of StepLrUpdaterHook; did you mean 'gamma'?"),
        Case(description: "an LR-only momentum policy", extra: ["momentum_config": ["policy": "exp", "gamma": 0.9]],
             message: "'momentum_config.policy' is 'exp', not a known policy (known: CosineAnnealing, Cyclic, LinearAnnealing, OneCycle, Step)"),
        Case(description: "warmup_by_epoch for momentum",
             extra: ["momentum_config": ["policy": "step", "step": 2, "warmup_by_epoch": true]],
             message: "'momentum_config.warmup_by_epoch' is not an option of StepMomentumUpdaterHook (options: type, policy, by_epoch, warmup, warmup_iters, warmup_ratio, step, gamma, min_momentum)"),
        Case(description: "FlatCosineAnnealing start_percent above 1",
             extra: ["lr_config": ["policy": "FlatCosineAnnealing", "start_percent": 1.5, "min_lr": 0]],
             message: "'lr_config.start_percent' must be a number in [0, 1]"),
        Case(description: "CosineRestart weights of another length",
             extra: ["lr_config": ["policy": "CosineRestart", "periods": [2, 3], "restart_weights": [1], "min_lr": 0]],
             message: "'lr_config.restart_weights' has 1 values; periods and restart_weights should have the same length (2)"),
        Case(description: "CosineRestart periods shorter than the run",
             extra: ["lr_config": ["policy": "CosineRestart", "periods": [2], "min_lr": 0]],
             message: "'lr_config.periods' sum to 2, fewer than the 5 epochs or iterations of the run"),
        Case(description: "cyclic target_ratio of three", extra: ["lr_config": ["policy": "cyclic", "target_ratio": [10, 1, 2]]],
             message: "'lr_config.target_ratio' must be a number or a list of two numbers, got 3"),
        Case(description: "cyclic step_ratio_up of 1", extra: ["lr_config": ["policy": "cyclic", "step_ratio_up": 1.0]],
             message: "'lr_config.step_ratio_up' must be in [0, 1)"),
        Case(description: "cyclic gamma of 0", extra: ["lr_config": ["policy": "cyclic", "gamma": 0]],
             message: "'lr_config.gamma' must be in (0, 1]"),
        Case(description: "anneal_strategy sin", extra: ["lr_config": ["policy": "OneCycle", "max_lr": 0.1, "anneal_strategy": "sin"]],
             message: "'lr_config.anneal_strategy' is 'sin'; it must be one of 'cos' or 'linear'"),
        Case(description: "OneCycle max_lr for three groups of two",
             extra: ["lr_config": ["policy": "OneCycle", "max_lr": [0.1, 0.2, 0.3]]],
             message: "'lr_config.max_lr' has 3 values for 2 parameter group(s)"),
        Case(description: "OneCycle total_steps below max_iters", runner: .iter,
             extra: ["lr_config": ["policy": "OneCycle", "max_lr": 0.1, "total_steps": 10]],
             message: "'lr_config.total_steps' (10) must be at least the run's max iterations (25)"),
        Case(description: "by_epoch=True under IterBasedRunner", runner: .iter,
             extra: ["lr_config": ["policy": "step", "step": 2, "by_epoch": true]],
             message: "'lr_config.by_epoch' must be false with IterBasedRunner, which has no train epochs"),
        Case(description: "unknown optimizer type", extra: ["optimizer": ["type": "RMSprop", "lr": 0.1]],
             message: "optimizer: unknown optimizer type 'RMSprop' (known: Adam, AdamW, SGD)"),
        Case(description: "an option the optimizer does not have", extra: ["optimizer": ["type": "Adam", "momentum": 0.9]],
             message: "'optimizer.momentum' is not an option of Adam (options: type, paramwise_cfg, lr, betas, eps, weight_decay, amsgrad)"),
        Case(description: "Adam with one beta", extra: ["optimizer": ["type": "Adam", "betas": [0.9]]],
             message: "'optimizer.betas' must be two numbers in [0, 1), got [0.9]"),
        Case(description: "nesterov without momentum", extra: ["optimizer": ["type": "SGD", "lr": 0.1, "nesterov": true]],
             message: "'optimizer.nesterov' needs momentum > 0 and dampening = 0"),
        Case(description: "bias_decay_mult without weight_decay",
             extra: ["optimizer": ["type": "SGD", "lr": 0.1, "paramwise_cfg": ["bias_decay_mult": 0]]],
             message: "'optimizer.paramwise_cfg.bias_decay_mult' needs the optimizer's weight_decay to be set (MMCV: base_wd should not be None)"),
        Case(description: "an unsupported paramwise option",
             extra: ["optimizer": ["type": "SGD", "lr": 0.1, "paramwise_cfg": ["dwconv_decay_mult": 0]]],
             message: "'optimizer.paramwise_cfg.dwconv_decay_mult' is not an option of paramwise_cfg (options: bias_lr_mult, bias_decay_mult, norm_decay_mult, custom_keys)"),
        Case(description: "cumulative_iters of 0",
             extra: ["optimizer_config": ["type": "GradientCumulativeOptimizerHook", "cumulative_iters": 0]],
             message: "'optimizer_config.cumulative_iters' must be a positive integer"),
        Case(description: "grad_clip max_norm not positive", extra: ["optimizer_config": ["grad_clip": ["max_norm": -1]]],
             message: "'optimizer_config.grad_clip.max_norm' must be positive"),
        Case(description: "an fp16 optimizer hook", extra: ["optimizer_config": ["type": "Fp16OptimizerHook"]],
             message: "'optimizer_config.type' is 'Fp16OptimizerHook'; Pacer trains in float32 on the CPU, so use OptimizerHook (the default)"),
        Case(description: "detect_anomalous_params", extra: ["optimizer_config": ["detect_anomalous_params": true]],
             message: "'optimizer_config.detect_anomalous_params' is not supported: the model plugin computes its own gradients"),
        Case(description: "evaluation interval 0", extra: ["evaluation": ["interval": 0]],
             message: "'evaluation.interval' must be a positive integer"),
        Case(description: "save_best whose rule cannot be inferred", extra: ["evaluation": ["save_best": "f1"]],
             message: "'evaluation.save_best' is 'f1', whose rule cannot be inferred; set rule='greater' or 'less'"),
        Case(description: "an unknown rule", extra: ["evaluation": ["save_best": "accuracy", "rule": "bigger"]],
             message: "'evaluation.rule' is 'bigger'; it must be 'greater', 'less' or None"),
        Case(description: "evaluation by epoch under IterBasedRunner", runner: .iter, extra: ["evaluation": ["by_epoch": true]],
             message: "'evaluation.by_epoch' must be false with IterBasedRunner, which has no train epochs"),
        Case(description: "early stopping without a monitor", extra: ["custom_hooks": [["type": "EarlyStoppingHook"]]],
             message: "missing key 'custom_hooks.0.monitor'"),
        Case(description: "early stopping with nothing to watch",
             extra: ["custom_hooks": [["type": "EarlyStoppingHook", "monitor": "accuracy"]]],
             message: "'custom_hooks.0.monitor' has nothing to watch: set evaluation = dict(...) or add a ('val', N) flow to the workflow"),
        Case(description: "early stopping patience 0",
             extra: ["custom_hooks": [["type": "EarlyStoppingHook", "monitor": "accuracy", "patience": 0]]],
             message: "'custom_hooks.0.patience' must be a positive integer"),
    ]

    @Test(arguments: cases)
    func isOneLineNamingTheFileAndTheKey(_ c: Case) throws {
        let folder = try TestSession.folder()
        let error = try #require(try TestSession.buildError(tinyConfig(c.runner, folder: folder, extra: c.extra), in: folder))
        #expect(error == folder + "/config.json: " + c.message)
    }
}
