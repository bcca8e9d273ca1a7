import Foundation
import Pacer
import PacerConfig
import PacerTrain

/// The ClosureHook tests' C library (Fixtures/closure_probe.c), compiled
/// into a fresh folder with its own output file, and the configs that
/// call it.
struct ClosureProbe {
    /// The folder holding the library, the config and the work dir.
    let folder: String
    /// The library's absolute path.
    let library: String
    /// The file the library's functions append their lines to.
    let output: String

    /// Compiles the probe library into a new folder.
    init(_ name: String = #function) throws {
        folder = try Fixtures.temporaryDirectory(name)
        library = folder + "/libprobe.so"
        output = folder + "/calls.txt"
        let result = try Fixtures.run("/usr/bin/env", [
            "cc", "-shared", "-fPIC", "-DPROBE_OUT=\"\(output)\"",
            Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/closure_probe.c", "-o", library,
        ])
        guard result.status == 0 else { throw FixtureError.compileFailed(result.output) }
    }

    /// A ClosureHook entry for `custom_hooks` calling `symbol` of the probe.
    func hook(_ symbol: String, at point: String, args: [String], extra: ConfigDict = [:]) -> ConfigValue {
        var entries: ConfigDict = [
            "type": "ClosureHook", "library": .string(library), "symbol": .string(symbol),
            "point": .string(point), "args": .list(args.map { .string($0) }),
        ]
        for (key, value) in extra { entries[key] = value }
        return .dict(entries)
    }

    /// A session over a small Fashion-MNIST config (256 train and 128 val
    /// samples, batches of 32, `maxEpochs` epochs) with `hooks` as its
    /// custom hooks; `extend` may register more hook types.
    func session(hooks: [ConfigValue], maxEpochs: Int = 2, loggers: [ConfigValue] = [],
                 options: TrainOptions = TrainOptions(),
                 extend: (inout Registries) throws -> Void = { _ in }) throws -> TrainingSession {
        let config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: maxEpochs, customHooks: hooks,
                                          loggers: loggers)
        let path = try Fixtures.writeConfig(config, in: folder)
        return try TrainingSession(config: ConfigLoader.load(path: path), options: options, extend: extend)
    }

    /// The lines the probe wrote, split into fields.
    func calls() throws -> [[String]] {
        try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: " ").map(String.init) }
    }
}

/// A Swift hook that records, at its one stage, the values a ClosureHook
/// at the same stage and priority is given, as Swift reads them.
final class RunnerValueRecorder: Hook {
    let typeName = "RunnerValueRecorder"
    let origin = "test"
    let stages: Set<HookStage>
    private(set) var rows: [[Double]] = []

    init(at stage: HookStage) { stages = [stage] }

    func call(_ stage: HookStage, runner: Runner) throws {
        let group = runner.optimizer?.paramGroups.first
        rows.append([group?.lr ?? .nan, group?.momentum ?? .nan, runner.outputs.value("loss") ?? .nan,
                     runner.outputs.value("accuracy") ?? .nan, runner.logBuffer.outputValue("loss") ?? .nan])
    }
}
