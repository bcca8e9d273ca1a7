import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// Plugins built outside the repository fill the config slots MMCV fills by
/// name (ABI 1.1): a C LR updater in `lr_config`, a C optimizer in
/// `optimizer`, a C optimizer hook in `optimizer_config`, a Swift logger in
/// `log_config.hooks` and a Swift optimizer. Each trains QuadraticModel,
/// whose loss `0.5 * |p - target|^2` has the gradient `p - target`, so every
/// expected value below is computed here, step by step, from the config.
@Suite struct SlotPluginTests {
    @Test(arguments: ["HalvingLrUpdaterHook", "SwiftHalvingLrUpdaterHook"])
    func anLrUpdaterNamedInLrConfigSetsEveryEpochsLearningRateAndTheOptimizerUsesIt(_ type: String) throws {
        let run = try PluginRun()
        var config = run.config(epochs: 5, optimizer: ["type": "SGD", "lr": 0.08, "momentum": 0.0])
        config["lr_config"] = ["type": .string(type), "every": 2, "factor": 0.5]
        config["log_config"] = ["interval": 1, "hooks": [["type": "TextLoggerHook"]]]

        try run.train(config)

        // lr = initial_lr * factor ** (epoch // every), epoch counting finished epochs.
        let expected = (0..<5).flatMap { epoch in
            Array(repeating: 0.08 * pow(0.5, Double(epoch / 2)), count: PluginRun.itersPerEpoch)
        }
        let logged = try run.jsonLogs().filter { $0["mode"] as? String == "train" }
        #expect(logged.compactMap { $0["lr"] as? Double } == expected)
        #expect(logged.compactMap { $0["epoch"] as? Int } == (1...5).flatMap { Array(repeating: $0, count: 4) })

        var model = Quadratic()
        for lr in expected { model.sgdStep(lr: lr) }
        try expectParameters(run.checkpoint("epoch_5"), equal: model.parameters, tolerance: 1e-6)
    }

    @Test(arguments: [
        ("libhalving_lr.so", "HalvingLrUpdaterHook",
         "HalvingLrUpdaterHook needs plugin ABI 1.1 (ctx_set_lr, ctx_initial_lr); run a newer pacer"),
        ("libswift_slot_plugins.so", "SwiftHalvingLrUpdaterHook",
         "this plugin calls ctx_initial_lr, which plugin ABI 1.1 added, but the host (pacer-1.0-stand-in 1.0.0) "
            + "speaks plugin ABI 1.0; run a newer pacer"),
    ])
    func anLrUpdaterOnA10HostFailsWithOneLineAskingForANewerPacer(
        _ library: String, _ type: String, _ message: String
    ) throws {
        let run = try PluginRun()
        // No 1.0 pacer exists any more: abi10_host.c, compiled against the
        // frozen 1.0 headers, hands the plugin a 1.0-sized host table.
        let host = run.folder + "/abi10_host"
        let compiled = try Fixtures.run("/usr/bin/env", [
            "cc", "-I", ABIStabilityTests.frozenInclude,
            Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/abi10_host.c", "-o", host, "-ldl",
        ])
        try #require(compiled.status == 0, "\(compiled.output)")

        let result = try Fixtures.run(host, [run.plugins + "/" + library, type])

        #expect(result.output == "status \(-3): \(message)\n")  // PACER_E_UNSUPPORTED
    }

    @Test func aCOptimizerNamedInOptimizerStepsTheParametersAsLion() throws {
        let run = try PluginRun()
        let config = run.config(epochs: 4, optimizer: Lion.config)

        try run.train(config)

        var lion = Lion()
        for _ in 0..<(4 * PluginRun.itersPerEpoch) { lion.step() }
        let saved = try run.checkpoint("epoch_4")
        try expectParameters(saved, equal: lion.model.parameters, tolerance: 0)
        for (index, moment) in lion.moments.enumerated() {
            #expect(try floats(saved, "optimizer.exp_avg.p\(index)") == moment)
        }
        // Lion's steps are a fixed size lr * (sign(c) + wd * p): the run
        // moved every parameter, and the reference is not the start.
        #expect(lion.model.parameters != Quadratic().parameters)
    }

    @Test func aResumedLionRunEndsExactlyWhereTheUninterruptedRunEnds() throws {
        let run = try PluginRun()
        let whole = run.config(epochs: 4, optimizer: Lion.config, workDir: "whole")
        let firstHalf = run.config(epochs: 2, optimizer: Lion.config, workDir: "halves")
        let secondHalf = run.config(epochs: 4, optimizer: Lion.config, workDir: "halves")

        try run.train(whole)
        try run.train(firstHalf)
        let resumed = try run.train(secondHalf, arguments: ["--resume-from", run.folder + "/halves/epoch_2.safetensors"])

        #expect(resumed.contains("resumed from \(run.folder)/halves/epoch_2.safetensors"))
        let expected = try CheckpointFile.read(run.folder + "/whole/epoch_4.safetensors")
        let actual = try CheckpointFile.read(run.folder + "/halves/epoch_4.safetensors")
        #expect(actual.state.names.contains("optimizer.exp_avg.p0"))
        #expect(actual.state.names == expected.state.names)
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs")
        }
    }

    @Test func aCOptimizerHookNamedInOptimizerConfigClipsTheGradientsBeforeEachStep() throws {
        let run = try PluginRun()
        var config = run.config(epochs: 3, optimizer: ["type": "SGD", "lr": 0.5, "momentum": 0.0])
        config["optimizer_config"] = ["type": "ClipGradOptimizerHook", "max_norm": 1.0]

        try run.train(config)

        // PyTorch's clip_grad_norm_: scale by max_norm / (norm + 1e-6) when below 1.
        var model = Quadratic()
        var clippedSteps = 0
        for _ in 0..<(3 * PluginRun.itersPerEpoch) {
            var gradients = model.gradients
            let norm = gradients.joined().reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let coefficient = 1.0 / (norm + 1e-6)
            if coefficient < 1 {
                clippedSteps += 1
                gradients = gradients.map { $0.map { $0 * Float(coefficient) } }
            }
            model.sgdStep(lr: 0.5, gradients: gradients)
        }
        #expect(clippedSteps > 0 && clippedSteps < 12, "the run should cover clipped and unclipped steps")
        try expectParameters(run.checkpoint("epoch_3"), equal: model.parameters, tolerance: 1e-6)
    }

    @Test func aSwiftLoggerInLogConfigWritesOneLineOfBufferAveragesPerInterval() throws {
        let run = try PluginRun()
        var config = run.config(epochs: 2, optimizer: ["type": "SGD", "lr": 0.1, "momentum": 0.0])
        config["log_config"] = ["interval": 2, "hooks": [["type": "LineLoggerHook"]]]

        let output = try run.train(config)

        var model = Quadratic()
        var losses: [Double] = []
        for _ in 0..<(2 * PluginRun.itersPerEpoch) {
            losses.append(model.loss)
            model.sgdStep(lr: 0.1)
        }
        let lines = output.split(separator: "\n").compactMap { line in
            line.range(of: "LineLoggerHook: ").map { line[$0.upperBound...].split(separator: " ") }
        }
        #expect(lines.map { $0.prefix(8).joined(separator: " ") } == [
            "epoch 1 iter 2 lr 0.1 initial_lr 0.1", "epoch 1 iter 4 lr 0.1 initial_lr 0.1",
            "epoch 2 iter 2 lr 0.1 initial_lr 0.1", "epoch 2 iter 4 lr 0.1 initial_lr 0.1",
        ])
        // Each line's loss is the mean of its interval's two losses (equal batches).
        let logged = lines.compactMap { words in
            words.first { $0.hasPrefix("loss=") }.flatMap { Double($0.dropFirst(5)) }
        }
        let expected = stride(from: 0, to: losses.count, by: 2).map { (losses[$0] + losses[$0 + 1]) / 2 }
        #expect(logged.count == expected.count)
        for (got, want) in zip(logged, expected) {
            #expect(abs(got - want) <= 1e-6 * max(1, abs(want)), "logged loss \(got), expected \(want)")
        }
    }

    @Test func aSwiftOptimizerStepsTheParametersAndKeepsItsStateInTheCheckpoint() throws {
        let run = try PluginRun()
        let config = run.config(epochs: 2, optimizer: ["type": "SignSGD", "lr": 0.05])

        try run.train(config)

        var model = Quadratic()
        for _ in 0..<(2 * PluginRun.itersPerEpoch) {
            model.parameters = zip(model.parameters, model.gradients).map { parameter, gradient in
                zip(parameter, gradient).map { p, g in p - Float(0.05) * (g > 0 ? 1 : g < 0 ? -1 : 0) }
            }
        }
        let saved = try run.checkpoint("epoch_2")
        try expectParameters(saved, equal: model.parameters, tolerance: 0)
        #expect(try floats(saved, "optimizer.steps") == [8])
    }

    @Test(arguments: [
        ("log_config", ["interval": 2, "hooks": [["type": "LineLoggerHook", "intervl": 3]]] as ConfigValue,
         "intervl", "interval"),
        ("lr_config", ["type": "HalvingLrUpdaterHook", "evry": 2] as ConfigValue, "evry", "every"),
    ])
    func aSlotPluginsDeclaredOptionsRefuseAMistypedKeyBeforeTraining(
        _ slot: String, _ section: ConfigValue, _ mistyped: String, _ declared: String
    ) throws {
        let run = try PluginRun()
        var config = run.config(epochs: 1, optimizer: ["type": "SGD", "lr": 0.1, "momentum": 0.0])
        config[slot] = section

        let result = try run.attempt(config)

        #expect(result.status == 1)
        let errors = result.output.split(separator: "\n").filter { $0.contains(mistyped) }
        #expect(errors.count == 1 && errors.allSatisfy { $0.contains("'\(declared)'") }, "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: run.folder + "/work/epoch_1.safetensors"))
    }

    @Test func aModelsExtraStateIsInEveryCheckpointAndComesBackOnResume() throws {
        let run = try PluginRun()
        var config = run.config(epochs: 3, optimizer: ["type": "SGD", "lr": 0.1, "momentum": 0.0])
        config["log_config"] = ["interval": 1, "hooks": [["type": "TextLoggerHook"]]]
        try run.train(config)
        let straight = try run.jsonLogs().compactMap { $0["steps_taken"] as? Double }

        var first = run.config(epochs: 1, optimizer: ["type": "SGD", "lr": 0.1, "momentum": 0.0], workDir: "split")
        first["log_config"] = config["log_config"]
        try run.train(first)
        let checkpoint = try CheckpointFile.read(run.folder + "/split/epoch_1.safetensors")
        #expect(checkpoint.state.get("model_state.steps") != nil, "\(checkpoint.state.names)")
        var rest = first
        rest["runner"] = ["type": "EpochBasedRunner", "max_epochs": 3]
        rest["resume_from"] = .string(run.folder + "/split/epoch_1.safetensors")
        try run.train(rest)

        // QuadraticModel counts its train steps in save_state's blob: resumed,
        // it goes on from 4 rather than starting again at 1. The two runs in
        // "split" log to one file when they start within the same second (the
        // timestamp names it, as in MMCV), else to two: read them in order.
        #expect(straight == (1...12).map(Double.init))
        let split = try run.jsonLogs(workDir: "split").compactMap { $0["steps_taken"] as? Double }
        #expect(split == Array(straight.prefix(4)) + Array(straight.suffix(8)))
    }

    // MARK: - Support

    /// Every parameter of `checkpoint` equals `expected` within `tolerance`.
    private func expectParameters(_ checkpoint: CheckpointFile, equal expected: [[Float]], tolerance: Float,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (index, values) in expected.enumerated() {
            let saved = try floats(checkpoint, "p\(index)")
            #expect(saved.count == values.count, sourceLocation: sourceLocation)
            for (got, want) in zip(saved, values) {
                #expect(abs(got - want) <= tolerance, "p\(index): \(saved) != \(values)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// The F32 values stored under `name`.
    private func floats(_ checkpoint: CheckpointFile, _ name: String) throws -> [Float] {
        let tensor = try #require(checkpoint.state.get(name), "\(checkpoint.path) has no '\(name)'")
        try #require(tensor.dtype == .float32)
        return tensor.bytes.withUnsafeBytes { raw in
            (0..<tensor.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(
                fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}

/// QuadraticModel's parameters, as the fixture keeps them: F32 values whose
/// gradient is `p - target`, computed in F32.
private struct Quadratic {
    static let initial: [[Float]] = [[0.5, -1.0, 2.0], [0.25, -0.75]]
    static let target: [[Float]] = [[1.0, 1.0, -1.0], [0.0, 0.5]]

    var parameters = Quadratic.initial

    /// `p - target`, as the model's train step writes it.
    var gradients: [[Float]] {
        zip(parameters, Self.target).map { zip($0, $1).map { $0 - $1 } }
    }

    /// `0.5 * sum (p - target)^2`, accumulated in double as the model does.
    var loss: Double {
        gradients.joined().reduce(0.0) { $0 + 0.5 * Double($1) * Double($1) }
    }

    /// SGD without momentum or weight decay: `p = p - lr * g` in F32.
    mutating func sgdStep(lr: Double, gradients: [[Float]]? = nil) {
        parameters = zip(parameters, gradients ?? self.gradients).map { parameter, gradient in
            zip(parameter, gradient).map { p, g in p - Float(lr) * g }
        }
    }
}

/// Lion (Chen et al. 2023) over QuadraticModel, with the fixture's
/// arithmetic: double from the F32 values, one rounding to F32 per result.
private struct Lion {
    static let lr = 0.01, beta1 = 0.9, beta2 = 0.99, weightDecay = 0.1
    static let config: ConfigValue = [
        "type": "Lion", "lr": .double(lr), "betas": .tuple([.double(beta1), .double(beta2)]),
        "weight_decay": .double(weightDecay),
    ]

    var model = Quadratic()
    var moments: [[Float]] = Quadratic.initial.map { Array(repeating: 0, count: $0.count) }

    /// `c = b1 m + (1 - b1) g; p -= lr (sign(c) + wd p); m = b2 m + (1 - b2) g`.
    mutating func step() {
        let gradients = model.gradients
        for i in model.parameters.indices {
            for j in model.parameters[i].indices {
                let g = Double(gradients[i][j]), m = Double(moments[i][j]), p = Double(model.parameters[i][j])
                let c = Self.beta1 * m + (1 - Self.beta1) * g
                let sign: Double = c > 0 ? 1 : c < 0 ? -1 : 0
                model.parameters[i][j] = Float(p - Self.lr * (sign + Self.weightDecay * p))
                moments[i][j] = Float(Self.beta2 * m + (1 - Self.beta2) * g)
            }
        }
    }
}

/// `pacer train` runs over QuadraticModel and 64 real Fashion-MNIST samples
/// in batches of 16, which the model ignores, with a plugin folder holding
/// every slot plugin, built the way an author outside the repository would
/// (cc and swiftc against plugin-sdk alone), once per test process.
private struct PluginRun {
    static let itersPerEpoch = 4

    /// The plugin folder, or the error that stopped building it.
    private static let sharedPlugins: Result<String, any Error> = Result {
        let plugins = try Fixtures.temporaryDirectory("slot-plugins") + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("quadratic_model.c", to: plugins + "/libquadratic_model.so")
        try Fixtures.compile("halving_lr.c", to: plugins + "/libhalving_lr.so")
        try Fixtures.compile("lion_optimizer.c", to: plugins + "/liblion_optimizer.so", extra: ["-ffp-contract=off"])
        try Fixtures.compile("clip_grad_optimizer_hook.c", to: plugins + "/libclip_grad.so", extra: ["-lm"])
        try SwiftPluginBuilder.build("swift_slot_plugins.swift", to: plugins + "/libswift_slot_plugins.so")
        return plugins
    }

    let folder: String
    let plugins: String

    /// A fresh work folder named after the calling test.
    init(_ name: String = #function) throws {
        folder = try Fixtures.temporaryDirectory(name)
        plugins = try Self.sharedPlugins.get()
    }

    /// A config training QuadraticModel for `epochs` with `optimizer`, a
    /// fixed LR, a checkpoint every epoch and no logger.
    func config(epochs: Int, optimizer: ConfigValue, workDir: String = "work") -> ConfigDict {
        [
            "model": [
                "type": "QuadraticModel",
                "init": .list(Quadratic.initial.map { .list($0.map { .double(Double($0)) }) }),
                "target": .list(Quadratic.target.map { .list($0.map { .double(Double($0)) }) }),
            ],
            "data": [
                "samples_per_gpu": .int(64 / Self.itersPerEpoch),
                "train": ["type": "FashionMNIST", "num_samples": 64],
            ],
            "optimizer": optimizer,
            "optimizer_config": [:],
            "lr_config": ["policy": "fixed"],
            "checkpoint_config": ["interval": 1],
            "log_config": ["interval": 4, "hooks": []],
            "runner": ["type": "EpochBasedRunner", "max_epochs": .int(epochs)],
            "workflow": [.tuple(["train", 1])],
            "work_dir": .string(folder + "/" + workDir),
        ]
    }

    /// Runs `pacer train` on `config` with the plugin folder; returns the
    /// output of a run that must succeed.
    @discardableResult
    func train(_ config: ConfigDict, arguments: [String] = [],
               sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try attempt(config, arguments: arguments)
        try #require(result.status == 0, "\(result.output)", sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs `pacer train` on `config` with the plugin folder.
    func attempt(_ config: ConfigDict, arguments: [String] = []) throws -> (status: Int32, output: String) {
        let name = "config-\(UUID().uuidString.prefix(8)).json"
        let path = try Fixtures.writeConfig(config, in: folder, name: name)
        return try Fixtures.run(Fixtures.buildDirectory + "/pacer",
                                ["train", path, "--plugin-dir", plugins] + arguments)
    }

    /// The checkpoint `name` of the default work folder.
    func checkpoint(_ name: String) throws -> CheckpointFile {
        try CheckpointFile.read(folder + "/work/\(name).safetensors")
    }

    /// The records of every `.log.json` in `workDir`, the files in name
    /// (that is, start time) order: one run's, or in "split" the first run's
    /// and then the resumed run's.
    func jsonLogs(workDir: String = "work") throws -> [[String: Any]] {
        let work = folder + "/" + workDir
        return try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasSuffix(".log.json") }.sorted()
            .flatMap { name in
                try String(contentsOfFile: work + "/" + name, encoding: .utf8).split(separator: "\n").map {
                    try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
                }
            }
    }
}
