import Foundation
import Pacer
import PacerConfig

/// The run's output folder: `work_dir` from the config, or MMCV's default
/// `./work_dirs/<config name>`.
enum WorkDir {
    /// The folder's absolute path.
    static func path(_ config: Config) throws -> String {
        let name = URL(fileURLWithPath: config.file).deletingPathExtension().lastPathComponent
        let path = try config.string("work_dir", default: "./work_dirs/" + name)
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Creates the folder at `absolute` (with its parents) and checks that
    /// it can be written.
    static func create(_ absolute: String, config: Config) throws {
        do {
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        } catch {
            throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key("work_dir")]),
                                     message: "cannot create \(absolute): \(error.localizedDescription)")
        }
        guard access(absolute, W_OK) == 0 else {
            throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key("work_dir")]),
                                     message: "\(absolute) is not writable")
        }
    }

    /// Repairs what an interrupted run left in the work dir and in each
    /// checkpoint hook's folder (see `CheckpointRotation`), one `note:`
    /// line per repair: temporary files, a stale `latest`, checkpoints
    /// beyond `max_keep_ckpts`.
    static func recover(_ runner: Runner) {
        CheckpointRotation.removeTemporaries(in: runner.workDir) { Console.out($0) }
        for registered in runner.hooks.all {
            guard let hook = registered.hook as? CheckpointHook else { continue }
            hook.rotation(in: hook.outDir ?? runner.workDir).recover { Console.out($0) }
        }
    }

    /// Writes the merged config beside the logs, as MMCV's train script does.
    static func dump(_ config: Config, into folder: String) throws {
        let name = URL(fileURLWithPath: config.file).deletingPathExtension().lastPathComponent + ".json"
        try AtomicFile.write(Array((config.entries.json(indent: 4) + "\n").utf8), to: folder + "/" + name)
    }
}
