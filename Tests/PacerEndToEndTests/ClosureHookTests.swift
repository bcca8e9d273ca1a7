import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// A ClosureHook calls an exported function of an ordinary C library
/// (compiled here with plain `cc`) at its hook point, with the runner
/// values its `args` name, in the C types they declare, at every call.
@Suite struct ClosureHookTests {
    @Test func countersArriveAsInt64AtEveryCall() throws {
        let probe = try ClosureProbe()
        let args = ["epoch", "iter", "inner_iter", "max_epochs", "max_iters", "iters_per_epoch", "num_samples"]
        let session = try probe.session(hooks: [probe.hook("probe_counters", at: "after_train_iter", args: args)])
        try session.run()

        let expected = (0..<2).flatMap { epoch in
            (0..<8).map { inner in ["\(epoch)", "\(epoch * 8 + inner)", "\(inner)", "2", "16", "8", "32"] }
        }
        #expect(try probe.calls() == expected)
    }

    @Test func realsArriveAsDoublesEqualToTheRunnersValuesBitForBit() throws {
        let probe = try ClosureProbe()
        let args = ["lr", "momentum", "loss", "outputs.accuracy", "log_buffer.loss"]
        let lowest: ConfigDict = ["priority": "LOWEST"]
        let train = RunnerValueRecorder(at: .afterTrainIter), val = RunnerValueRecorder(at: .afterValIter)
        let session = try probe.session(
            hooks: [probe.hook("probe_reals", at: "after_train_iter", args: args, extra: lowest),
                    ["type": "TrainRecorder", "priority": "LOWEST"],
                    probe.hook("probe_reals", at: "after_val_iter", args: args, extra: lowest),
                    ["type": "ValRecorder", "priority": "LOWEST"]],
            loggers: [["type": "TextLoggerHook", "reset_flag": false]]
        ) { registries in
            try registries.hooks.register("TrainRecorder") { _ in (train, .lowest) }
            try registries.hooks.register("ValRecorder") { _ in (val, .lowest) }
        }
        try session.run()

        let received: [[Double]] = try probe.calls().map { fields in fields.map { Double($0)! } }
        var recorded: [[Double]] = []
        for epoch in 0..<2 {
            recorded += train.rows[(epoch * 8)..<(epoch * 8 + 8)]
            recorded += val.rows[(epoch * 4)..<(epoch * 4 + 4)]
        }
        #expect(received.count == 24 && recorded.count == 24)
        for (got, want) in zip(received, recorded) {
            #expect(zip(got, want).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) },
                    "\(got) != \(want)")
        }
        #expect(received.allSatisfy { $0[0] == 0.05 && $0[1] == 0.9 && $0[2].isFinite })
        #expect(received[0..<8].allSatisfy { $0[3].isNaN })
        #expect(received[8..<12].allSatisfy { (0...1).contains($0[3]) })
        #expect(received[0..<3].allSatisfy { $0[4].isNaN })  // the logger averages first after 4 iterations
        #expect(received[3..<8].allSatisfy { $0[4].isFinite })
    }

    @Test func declaredTypesConvertIntegersAndNarrowReals() throws {
        let probe = try ClosureProbe()
        let args = ["int32:iter", "float:lr", "float:loss", "double:iter"]
        let recorder = RunnerValueRecorder(at: .afterTrainIter)
        let session = try probe.session(
            hooks: [probe.hook("probe_narrow", at: "after_train_iter", args: args), ["type": "Recorder"]],
            maxEpochs: 1
        ) { registries in try registries.hooks.register("Recorder") { _ in (recorder, .normal) } }
        try session.run()

        let calls = try probe.calls()
        #expect(calls.map { $0[0] } == (0..<8).map { "\($0)" })
        #expect(calls.map { Double($0[3])! } == (0..<8).map(Double.init))
        #expect(calls.allSatisfy { Double($0[1])! == Double(Float(0.05)) })
        #expect(calls.map { Double($0[2])! } == recorder.rows.map { Double(Float($0[2])) })
    }

    @Test func textArrivesAsCStringsAndModeIsEmptyBeforeTheFirstFlow() throws {
        let probe = try ClosureProbe()
        let args = ["mode", "work_dir", "timestamp"]
        let session = try probe.session(
            hooks: [probe.hook("probe_text", at: "before_run", args: args),
                    probe.hook("probe_text", at: "after_val_epoch", args: args)],
            maxEpochs: 1)
        try session.run()

        let stamp = session.runner.timestamp, work = session.runner.workDir
        #expect(try String(contentsOfFile: probe.output, encoding: .utf8)
            == "[] [\(work)] [\(stamp)]\n[val] [\(work)] [\(stamp)]\n")
    }

    @Test func aFunctionWithoutArgumentsIsCalledOncePerPoint() throws {
        let probe = try ClosureProbe()
        let session = try probe.session(hooks: [probe.hook("probe_nothing", at: "after_train_epoch", args: [])])
        try session.run()
        #expect(try probe.calls() == [["called"], ["called"]])
    }

    @Test func aNonzeroIntResultStopsTheRunAfterThatIteration() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("probe_stop", at: "after_train_iter", args: ["iter"], extra: ["returns": "int"])
        let session = try probe.session(hooks: [hook])
        try session.run()

        #expect(try probe.calls().map { $0[0] } == ["0", "1", "2", "3", "4", "5"])
        #expect(session.runner.iter == 6)
        #expect(session.runner.stopReason == "probe_stop in \(probe.library) returned 3 at after_train_iter")
    }

    @Test func theCommandLineReportsTheStopInOneLine() throws {
        let probe = try ClosureProbe()
        let hook = probe.hook("probe_stop", at: "after_train_iter", args: ["iter"], extra: ["returns": "int"])
        let config = Fixtures.smallConfig(workDir: probe.folder + "/work", customHooks: [hook])
        let path = try Fixtures.writeConfig(config, in: probe.folder)

        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path])

        #expect(result.status == 0)
        let stops = result.output.split(separator: "\n").filter { $0.hasPrefix("stopped early") }
        #expect(stops == ["stopped early: probe_stop in \(probe.library) returned 3 at after_train_iter"])
    }

    @Test func aBareLibraryNameIsFoundByTheDynamicLinkerAndShownAsItsFileWhenInsecurePluginsAreAllowed() throws {
        let probe = try ClosureProbe()
        let cos: ConfigValue = ["type": "ClosureHook", "library": "libm.so.6", "symbol": "cos",
                                "point": "after_train_iter", "args": ["double:loss"]]
        let session = try probe.session(hooks: [cos], maxEpochs: 1, options: TrainOptions(allowInsecurePlugins: true))
        let hook = try #require(session.runner.hooks.all.lazy.compactMap { $0.hook as? ClosureHook }.first)
        #expect(hook.library == "libm.so.6")
        #expect(hook.origin.hasPrefix("cos in /") && hook.origin.hasSuffix("/libm.so.6"))
        try session.run()
        #expect(session.runner.iter == 8)
    }

    @Test func aPathIsTakenRelativeToTheConfigFilesFolder() throws {
        let probe = try ClosureProbe()
        let relative = probe.hook("probe_nothing", at: "after_run", args: [], extra: ["library": "./libprobe.so"])
        let session = try probe.session(hooks: [relative], maxEpochs: 1)
        let hook = try #require(session.runner.hooks.all.lazy.compactMap { $0.hook as? ClosureHook }.first)
        #expect(hook.library == probe.library)
        #expect(hook.origin == "probe_nothing in \(probe.library)")
        #expect(session.runner.hooks.all.first { $0.hook === hook }?.priority == .normal)
    }
}
