import Foundation
import Pacer
import PacerConfig
import PacerPlugins

/// The story of a run in its work dir, as MMCV's train scripts and
/// TextLoggerHook tell it. `<timestamp>.log` starts with the environment,
/// the merged config, the plugins loaded and the hook order table; every
/// console line of the run follows (resumed or loaded from, each checkpoint
/// written, the logger's lines), then how the run ended and a summary.
/// `<timestamp>.log.json`, when a TextLoggerHook writes it, starts with
/// MMCV's metadata line (`env_info`, `config`, `seed`, `exp_name`), which
/// MMDetection's and MMClassification's `analyze_logs.py` skip as the
/// first line.
final class RunLog {
    private let file: FileHandle
    private let started = Date()

    /// Runs `body` (the run itself) with its story told in the work dir's
    /// `.log`: the header before, the ending after, including the error
    /// `body` throws, which is rethrown.
    static func recording(_ session: TrainingSession, _ body: () throws -> Void) throws {
        session.runner.registerHook(InterruptionHook(configFile: session.config.file), priority: .highest)
        InterruptionHook.received = 0
        InterruptionHook.installHandlers()
        let log = try RunLog(session)
        Console.startTranscript(log.file.fileDescriptor)
        defer {
            Console.stopTranscript()
            try? log.file.close()
        }
        do {
            try body()
        } catch {
            log.write("stopped by an error: \(error)")
            log.writeSummary(session)
            throw error
        }
        if let reason = session.runner.stopReason {
            log.write("stopped early: \(reason)")
        } else {
            log.write("finished: epoch \(session.runner.epoch), iter \(session.runner.iter)")
        }
        log.writeSummary(session)
    }

    private init(_ session: TrainingSession) throws {
        let runner = session.runner, config = session.config
        let base = runner.workDir + "/" + runner.timestamp
        let environment = Self.environment()
        let configText = (try? config.dump(as: .py)) ?? config.entries.json(indent: 4) + "\n"
        if runner.hooks.all.contains(where: { $0.hook.typeName == "TextLoggerHook" }) {
            let meta: ConfigDict = [
                "env_info": .string(environment), "config": .string(configText),
                "seed": .int(try config.int("seed", default: 0)),
                "exp_name": .string(URL(fileURLWithPath: config.file).lastPathComponent),
            ]
            try Self.append(ConfigValue.dict(meta).json() + "\n", to: base + ".log.json", config: config)
        }
        let dashes = String(repeating: "-", count: 60)
        let header = ["Environment info:", dashes, environment, dashes, "", "Config:", configText,
                      "Plugins loaded:", Self.pluginTable(session.catalog.plugins), "",
                      "Hooks will be executed in the following order:", runner.hooks.report(), ""]
        // O_APPEND: the text logger appends its own lines to the same file.
        file = try Self.openForAppending(base + ".log", config: config)
        file.write(Data((header.joined(separator: "\n") + "\n").utf8))
    }

    /// Appends `line` to the `.log` only (not the terminal).
    private func write(_ line: String) {
        file.write(Data((line + "\n").utf8))
    }

    /// The best metric and its checkpoint, the last checkpoint written and
    /// the wall time.
    private func writeSummary(_ session: TrainingSession) {
        let hooks = session.runner.hooks.all.map(\.hook)
        for eval in hooks.compactMap({ $0 as? EvalHook }) {
            if let key = eval.keyIndicator, let score = eval.bestScore, let path = eval.bestCheckpoint {
                write("best \(key): \(score) in \(path)")
            }
        }
        let last = hooks.compactMap { ($0 as? CheckpointHook)?.lastWritten }.last
        write("last checkpoint: \(last ?? "none written by this run")")
        let seconds = Int(Date().timeIntervalSince(started))
        write(String(format: "wall time: %d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60))
    }

    private static func append(_ text: String, to path: String, config: Config) throws {
        let handle = try openForAppending(path, config: config)
        handle.write(Data(text.utf8))
        try? handle.close()
    }

    private static func openForAppending(_ path: String, config: Config) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key("work_dir")]),
                                     message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// MMCV's `env_info` as `key: value` lines: the platform, Pacer, the
    /// Swift compiler, the CPU and OpenBLAS with its thread count.
    static func environment() -> String {
        var lines = ["sys.platform: linux", "Pacer: \(PacerVersion.full)", "Swift: \(swiftVersion)"]
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
        lines.append("CPU: \(model ?? "unknown") (\(ProcessInfo.processInfo.activeProcessorCount) logical cores)")
        lines.append("OpenBLAS: \(openBLAS() ?? "not loaded")")
        lines.append("OPENBLAS_NUM_THREADS: \(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset")")
        return lines.joined(separator: "\n")
    }

    private static var swiftVersion: String {
        #if compiler(>=6.3)
        "6.3 or later"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// OpenBLAS's build configuration and thread count, when a model plugin
    /// has loaded it into the process.
    private static func openBLAS() -> String? {
        guard let library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_NOLOAD) else { return nil }
        defer { dlclose(library) }
        typealias Config = @convention(c) () -> UnsafePointer<CChar>?
        typealias Threads = @convention(c) () -> Int32
        guard let config = dlsym(library, "openblas_get_config"),
              let threads = dlsym(library, "openblas_get_num_threads") else { return nil }
        let text = unsafeBitCast(config, to: Config.self)().map { String(cString: $0) } ?? "unknown"
        return "\(text), \(unsafeBitCast(threads, to: Threads.self)()) threads"
    }

    private static func pluginTable(_ plugins: [PluginDescriptor]) -> String {
        let rows = [["TYPE", "KIND", "VERSION", "ABI", "FILE"]] + plugins.map {
            [$0.typeName, $0.kind.rawValue, $0.version, "\($0.abiVersion.major).\($0.abiVersion.minor)", $0.path]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == 4 ? text : text + String(repeating: " ", count: widths[column] - text.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
