import Foundation
import PacerConfig
import PacerPlugins

/// Paths and helpers shared by the end-to-end tests: the package root, C
/// fixture plugins compiled with plain `cc`, fresh temporary folders, and
/// small configs over real Fashion-MNIST.
enum Fixtures {
    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The SDK's include folder.
    static let sdkInclude = packageRoot + "/plugin-sdk/include"

    /// The folder of the test binary, where SwiftPM put the bundled plugins
    /// and the `pacer` executable.
    static let buildDirectory = PluginSearchPath.executableDirectory()!

    /// A new empty folder under the system temporary folder.
    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "pacer-tests/\(safe)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Compiles fixture `source` (in Fixtures/) into a shared library at
    /// `output` with nothing but `cc -shared -fPIC -I plugin-sdk/include`.
    static func compile(_ source: String, to output: String, defines: [String] = [], extra: [String] = []) throws {
        let fixture = packageRoot + "/Tests/PacerEndToEndTests/Fixtures/" + source
        let result = try run("/usr/bin/env", ["cc", "-shared", "-fPIC", "-I", sdkInclude]
            + defines.map { "-D" + $0 } + [fixture, "-o", output] + extra)
        guard result.status == 0 else { throw FixtureError.compileFailed(result.output) }
    }

    /// Runs a program with `environment` added to this process's, returning
    /// its exit status (the signal number when a signal ended it) and
    /// merged output.
    static func run(_ executable: String, _ arguments: [String],
                    environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Compiles fixture `source` (a path under Fixtures/) into a shared
    /// library at `output` with `cc -shared -fPIC` and exactly `flags`: no
    /// `-I plugin-sdk/include`, so `flags` chooses the headers (the frozen
    /// ABI 1.0 copy, say).
    static func compile(_ source: String, to output: String, flags: [String]) throws {
        let fixture = packageRoot + "/Tests/PacerEndToEndTests/Fixtures/" + source
        let result = try run("/usr/bin/env", ["cc", "-shared", "-fPIC"] + flags + [fixture, "-o", output])
        guard result.status == 0 else { throw FixtureError.compileFailed(result.output) }
    }

    /// Runs a program in the working directory `directory`, with
    /// `environment` added to this process's, returning its exit status and
    /// merged output.
    static func run(_ executable: String, _ arguments: [String], in directory: String,
                    environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A small Fashion-MNIST config: `trainSamples` and `valSamples` of the
    /// real data, batches of 32, SGD, a fixed LR, no logger unless asked.
    static func smallConfig(workDir: String, trainSamples: Int = 256, valSamples: Int = 128,
                            maxEpochs: Int = 2, customHooks: [ConfigValue] = [],
                            loggers: [ConfigValue] = []) -> ConfigDict {
        [
            "model": ["type": "MLPClassifier", "hidden": [32]],
            "data": [
                "samples_per_gpu": 32,
                "train": ["type": "FashionMNIST", "num_samples": .int(trainSamples)],
                "val": ["type": "FashionMNIST", "test_mode": true, "num_samples": .int(valSamples)],
            ],
            "optimizer": ["type": "SGD", "lr": 0.05, "momentum": 0.9],
            "optimizer_config": [:],
            "lr_config": ["policy": "fixed"],
            "checkpoint_config": ["interval": 1],
            "log_config": ["interval": 4, "hooks": .list(loggers)],
            "custom_hooks": .list(customHooks),
            "runner": ["type": "EpochBasedRunner", "max_epochs": .int(maxEpochs)],
            "workflow": .list([.tuple(["train", 1]), .tuple(["val", 1])]),
            "work_dir": .string(workDir),
        ]
    }

    /// Writes `entries` as a JSON config file in `folder`.
    static func writeConfig(_ entries: ConfigDict, in folder: String, name: String = "config.json") throws -> String {
        let path = folder + "/" + name
        try ConfigValue.dict(entries).json(indent: 2).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A fixture that could not be built.
enum FixtureError: Error, CustomStringConvertible {
    /// `cc` failed with this output.
    case compileFailed(String)

    var description: String {
        switch self {
        case .compileFailed(let output): return "cc failed: \(output)"
        }
    }
}
