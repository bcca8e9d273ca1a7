import Foundation
import Pacer
import PacerConfig
import PacerTrain

/// Runs real training sessions (the real runners, hooks and builders) from
/// config dicts written to a fresh folder, with the test's TinyModel,
/// TinyData and Recorder registered beside the built-in types.
enum TestSession {
    /// A new empty folder under the system temporary folder.
    static func folder(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "pacer-hooks-tests/\(safe)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The session for `entries`, written as `config.json` in `folder`.
    static func build(_ entries: ConfigDict, in folder: String) throws -> TrainingSession {
        let path = folder + "/config.json"
        try ConfigValue.dict(entries).json(indent: 2).write(toFile: path, atomically: true, encoding: .utf8)
        return try TrainingSession(config: ConfigLoader.load(path: path)) { registries in
            try registries.models.register("TinyModel") { try TinyModel(config: $0) }
            try registries.datasets.register("TinyData") { TinyData(count: try $0.int("num_samples")) }
            try registries.hooks.register("Recorder") { (try Recorder(config: $0.config), Priority.veryLow) }
        }
    }

    /// Builds and runs `entries`; returns the session.
    @discardableResult
    static func run(_ entries: ConfigDict, in folder: String) throws -> TrainingSession {
        let session = try build(entries, in: folder)
        try session.run()
        return session
    }

    /// The session's Recorder.
    static func recorder(_ session: TrainingSession) -> Recorder? {
        session.runner.hooks.all.lazy.compactMap { $0.hook as? Recorder }.first
    }

    /// The one-line error building `entries` in `folder` throws, or nil.
    static func buildError(_ entries: ConfigDict, in folder: String) throws -> String? {
        do {
            _ = try build(entries, in: folder)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// How a test run is driven.
enum RunnerKind: String, Sendable, CaseIterable {
    /// EpochBasedRunner, 5 epochs of 5 iterations.
    case epoch
    /// IterBasedRunner, 25 iterations over a loader of 5 batches.
    case iter

    /// `runner = dict(...)`.
    var config: ConfigValue {
        switch self {
        case .epoch: return ["type": "EpochBasedRunner", "max_epochs": 5]
        case .iter: return ["type": "IterBasedRunner", "max_iters": 25]
        }
    }
}

/// A TinyModel config: SGD (lr 0.02, momentum 0.95) over 10 samples in
/// batches of 2, `paramwise_cfg` giving the bias half the lr (two groups),
/// the Recorder logging every iteration, and `extra` merged on top.
func tinyConfig(_ runner: RunnerKind, folder: String, extra: ConfigDict = [:]) -> ConfigDict {
    var entries: ConfigDict = [
        "model": ["type": "TinyModel"],
        "data": [
            "samples_per_gpu": 2,
            "train": ["type": "TinyData", "num_samples": 10],
            "val": ["type": "TinyData", "num_samples": 4],
        ],
        "optimizer": ["type": "SGD", "lr": 0.02, "momentum": 0.95, "paramwise_cfg": ["bias_lr_mult": 0.5]],
        "optimizer_config": [:],
        "runner": runner.config,
        "log_config": ["interval": 1, "hooks": [["type": "Recorder"]]],
        "workflow": [.tuple(["train", 1])],
        "work_dir": .string(folder + "/work"),
    ]
    for (key, value) in extra { entries[key] = value }
    return entries
}
