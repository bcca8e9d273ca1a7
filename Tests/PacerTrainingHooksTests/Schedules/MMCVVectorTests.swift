import PacerConfig
import Testing

/// MMCV 1.7.2's own test vectors (`tests/test_runner/test_hooks.py`, which
/// logs with PaviLoggerHook at interval 1: step N is iteration N-1): the
/// literal floats Python printed, compared for equality. The demo runner
/// there is an EpochBasedRunner of one epoch over 10 samples in batches of
/// 1 with SGD(lr=0.02, momentum=0.95); its second optimizer ("model2",
/// lr=0.01) is our second group (the bias, at bias_lr_mult 0.5).
@Suite("MMCV's test vectors")
struct MMCVVectorTests {
    /// One vector: the configs and, per iteration, (lr of group 0, lr of group 1, momentum of group 0).
    struct Vector: Sendable, CustomStringConvertible {
        let description: String
        var runner: ConfigValue = ["type": "EpochBasedRunner", "max_epochs": 1]
        var samples = 10
        var lr: ConfigDict? = nil
        var momentum: ConfigDict? = nil
        let expected: [Int: (lr0: Double?, lr1: Double?, momentum: Double?)]
    }

    static let vectors: [Vector] = [
        Vector(description: "CosineAnnealing LR and momentum (test_cosine_runner_hook)",
               lr: ["policy": "CosineAnnealing", "by_epoch": false, "min_lr_ratio": 0, "warmup_iters": 2, "warmup_ratio": 0.9],
               momentum: ["policy": "CosineAnnealing", "min_momentum_ratio": .double(0.99 / 0.95), "by_epoch": false,
                          "warmup_iters": 2, "warmup_ratio": .double(0.9 / 0.95)],
               expected: [0: (0.02, 0.01, 0.95), 5: (0.01, 0.005, 0.97),
                          9: (0.0004894348370484647, 0.00024471741852423234, 0.9890211303259032)]),
        Vector(description: "LinearAnnealing LR and momentum (test_linear_runner_hook)",
               lr: ["policy": "LinearAnnealing", "by_epoch": false, "min_lr_ratio": 0, "warmup_iters": 2, "warmup_ratio": 0.9],
               momentum: ["policy": "LinearAnnealing", "min_momentum_ratio": .double(0.99 / 0.95), "by_epoch": false,
                          "warmup_iters": 2, "warmup_ratio": .double(0.9 / 0.95)],
               expected: [0: (0.02, 0.01, 0.95), 5: (0.01, 0.005, 0.97),
                          9: (0.0019999999999999983, 0.0009999999999999992, 0.9860000000000001)]),
        Vector(description: "FlatCosineAnnealing by iteration with linear warmup (test_flat_cosine_runner_hook)",
               lr: ["policy": "FlatCosineAnnealing", "by_epoch": false, "min_lr_ratio": 0, "warmup": "linear",
                    "warmup_iters": 2, "warmup_ratio": 0.9, "start_percent": 0.5],
               expected: [0: (0.018000000000000002, 0.009000000000000001, 0.95), 5: (0.02, 0.01, 0.95),
                          6: (0.018090169943749474, 0.009045084971874737, 0.95),
                          9: (0.0019098300562505265, 0.0009549150281252633, 0.95)]),
        Vector(description: "FlatCosineAnnealing by epoch with linear warmup (test_flat_cosine_runner_hook)",
               runner: ["type": "EpochBasedRunner", "max_epochs": 10],
               lr: ["policy": "FlatCosineAnnealing", "by_epoch": true, "min_lr_ratio": 0, "warmup": "linear",
                    "warmup_iters": 10, "warmup_ratio": 0.9, "start_percent": 0.5],
               expected: [0: (0.018000000000000002, 0.009000000000000001, 0.95), 10: (0.02, 0.01, 0.95),
                          60: (0.018090169943749474, 0.009045084971874737, 0.95),
                          99: (0.0019098300562505265, 0.0009549150281252633, 0.95)]),
        Vector(description: "OneCycle LR and momentum (test_one_cycle_runner_hook)",
               lr: ["policy": "OneCycle", "max_lr": 0.01, "pct_start": 0.5, "anneal_strategy": "cos", "div_factor": 25,
                    "final_div_factor": 1e4, "three_phase": false],
               momentum: ["policy": "OneCycle", "base_momentum": 0.85, "max_momentum": 0.95, "pct_start": 0.5,
                          "anneal_strategy": "cos", "three_phase": false],
               expected: [0: (0.0003999999999999993, 0.0003999999999999993, 0.95),
                          5: (0.00904508879153485, 0.00904508879153485, 0.8595491502812526),
                          9: (4e-08, 4e-08, 0.95)]),
        Vector(description: "CosineRestart (test_cosine_restart_lr_update_hook)",
               lr: ["policy": "CosineRestart", "by_epoch": false, "periods": [5, 5], "restart_weights": [0.5, 0.5],
                    "min_lr_ratio": 0],
               expected: [0: (0.01, 0.005, 0.95), 5: (0.01, 0.005, 0.95),
                          9: (0.0009549150281252633, 0.00047745751406263163, 0.95)]),
        Vector(description: "step every 5 with min_lr and min_momentum (test_step_runner_hook)",
               samples: 30,
               lr: ["policy": "step", "by_epoch": false, "step": 5, "gamma": 0.5, "min_lr": 1e-3],
               momentum: ["policy": "step", "by_epoch": false, "step": 5, "gamma": 0.5, "min_momentum": 0.05],
               expected: [0: (0.02, 0.01, 0.95), 5: (0.01, 0.005, 0.475), 15: (0.0025, 0.00125, 0.11875),
                          20: (0.00125, 0.001, 0.059375), 25: (0.001, 0.001, 0.05), 29: (0.001, 0.001, 0.05)]),
        Vector(description: "step at [4, 6, 8] (test_step_runner_hook)",
               lr: ["policy": "step", "by_epoch": false, "step": [4, 6, 8], "gamma": 0.1],
               momentum: ["policy": "step", "by_epoch": false, "step": [4, 6, 8], "gamma": 0.1],
               expected: [0: (0.02, 0.01, 0.95), 4: (0.002, 0.001, 9.5e-2),
                          6: (2.0000000000000004e-4, 1.0000000000000002e-4, 9.500000000000001e-3),
                          8: (2.0000000000000005e-05, 1.0000000000000003e-05, 9.500000000000002e-4)]),
        Vector(description: "cyclic LR and momentum, one cycle (test_momentum_runner_hook)",
               lr: ["policy": "cyclic", "by_epoch": false, "target_ratio": .tuple([10, 1]), "cyclic_times": 1,
                    "step_ratio_up": 0.4],
               momentum: ["policy": "cyclic", "by_epoch": false, "target_ratio": .tuple([.double(0.85 / 0.95), 1]),
                          "cyclic_times": 1, "step_ratio_up": 0.4, "gamma": 1],
               expected: [0: (0.01999999999999999, 0.009999999999999995, 0.95), 4: (0.2, 0.1, 0.85),
                          6: (0.155, 0.0775, 0.875)]),
        Vector(description: "cyclic LR, cyclic momentum of two decaying cycles (test_momentum_runner_hook)",
               lr: ["policy": "cyclic", "by_epoch": false, "target_ratio": .tuple([10, 1]), "cyclic_times": 1,
                    "step_ratio_up": 0.4],
               momentum: ["policy": "cyclic", "by_epoch": false, "target_ratio": .tuple([.double(0.85 / 0.95), 1]),
                          "cyclic_times": 2, "step_ratio_up": 0.4, "gamma": 0.5],
               expected: [0: (0.01999999999999999, nil, 0.95), 2: (0.11, nil, 0.85),
                          5: (0.1879422863405995, nil, 0.95), 7: (0.11000000000000001, nil, 0.9)]),
        Vector(description: "cyclic linear LR on IterBasedRunner (test_cyclic_lr_update_hook)",
               runner: ["type": "IterBasedRunner", "max_iters": 8],
               lr: ["policy": "cyclic", "by_epoch": false, "target_ratio": .tuple([10.0, 1.0]), "cyclic_times": 1,
                    "step_ratio_up": 0.5, "anneal_strategy": "linear", "gamma": 1],
               expected: [0: (0.02, 0.01, 0.95), 3: (0.155, 0.0775, 0.95), 5: (0.155, 0.0775, 0.95)]),
        Vector(description: "cyclic linear LR of two decaying cycles on IterBasedRunner (test_cyclic_lr_update_hook)",
               runner: ["type": "IterBasedRunner", "max_iters": 8],
               lr: ["policy": "cyclic", "by_epoch": false, "target_ratio": .tuple([10.0, 1.0]), "cyclic_times": 2,
                    "step_ratio_up": 0.5, "anneal_strategy": "linear", "gamma": 0.5],
               expected: [0: (0.02, nil, 0.95), 3: (0.11, nil, 0.95), 5: (0.065, nil, 0.95), 6: (0.11, nil, 0.95)]),
        Vector(description: "constant momentum warmup (test_momentum_runner_hook)",
               momentum: ["policy": "step", "by_epoch": false, "warmup": "constant", "warmup_iters": 5,
                          "warmup_ratio": 0.5, "step": [10]],
               expected: [0: (0.02, 0.01, 1.9), 4: (0.02, 0.01, 1.9), 9: (0.02, 0.01, 0.95)]),
        Vector(description: "linear momentum warmup (test_momentum_runner_hook)",
               momentum: ["policy": "step", "by_epoch": false, "warmup": "linear", "warmup_iters": 5,
                          "warmup_ratio": 0.5, "step": [10]],
               expected: [0: (0.02, 0.01, 1.9), 2: (0.02, 0.01, 1.3571428571428572), 9: (0.02, 0.01, 0.95)]),
        Vector(description: "exp momentum warmup (test_momentum_runner_hook)",
               momentum: ["policy": "step", "by_epoch": false, "warmup": "exp", "warmup_iters": 5,
                          "warmup_ratio": 0.5, "step": [10]],
               expected: [0: (0.02, 0.01, 1.9), 2: (0.02, 0.01, 1.4399307381848783), 9: (0.02, 0.01, 0.95)]),
    ]

    @Test(arguments: vectors)
    func loggedValuesEqualMMCVsLiterals(_ vector: Vector) throws {
        let folder = try TestSession.folder()
        var extra: ConfigDict = ["runner": vector.runner]
        extra["data"] = ["samples_per_gpu": 1, "train": ["type": "TinyData", "num_samples": .int(vector.samples)]]
        if let lr = vector.lr { extra["lr_config"] = .dict(lr) }
        if let momentum = vector.momentum { extra["momentum_config"] = .dict(momentum) }
        let session = try TestSession.run(tinyConfig(.epoch, folder: folder, extra: extra), in: folder)
        let recorder = try #require(TestSession.recorder(session))
        for (iter, want) in vector.expected.sorted(by: { $0.key < $1.key }) {
            try #require(iter < recorder.lrs.count)
            if let lr0 = want.lr0 { #expect(recorder.lrs[iter][0] == lr0, "iteration \(iter), lr of group 0") }
            if let lr1 = want.lr1 { #expect(recorder.lrs[iter][1] == lr1, "iteration \(iter), lr of group 1") }
            if let momentum = want.momentum {
                #expect(recorder.momenta[iter][0] == momentum, "iteration \(iter), momentum of group 0")
            }
        }
    }
}
