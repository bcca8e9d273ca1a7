import Pacer
import PacerConfig

/// The top level of a config, as MMCV's tools read it: the sections Pacer
/// uses, the MMCV keys it does not use (a note, or an error when ignoring
/// them would change the result), and helper variables (`img_norm_cfg`,
/// `train_pipeline`, `dataset_type`), which stay allowed unless their name
/// is a near miss of a section's.
enum TopLevelKeys {
    /// The keys Pacer reads.
    static let used = [
        "model", "data", "optimizer", "optimizer_config", "lr_config", "momentum_config", "checkpoint_config",
        "timer_config", "log_config", "custom_hooks", "evaluation", "runner", "workflow", "work_dir", "seed",
        "resume_from", "load_from", "load_strict", "plugin_dirs", "launcher",
    ]

    /// MMCV keys that configure what Pacer does not have (devices, CUDA,
    /// process start-up, log verbosity): ignored with a note. `dist_params`
    /// is read by a distributed run (`Launcher`) and noted as ignored
    /// otherwise, as MMCV ignores it without a launcher.
    static let ignored = [
        "dist_params", "log_level", "gpu_ids", "cudnn_benchmark", "mp_start_method", "opencv_num_threads",
        "device", "find_unused_parameters", "auto_scale_lr",
    ]

    /// MMCV keys whose meaning Pacer does not honour and that would change
    /// the result if ignored, with what to do instead.
    static let refused = [
        "fp16": "Pacer trains in float32 on the CPU; remove fp16 (mixed precision is not supported)",
        "total_epochs": "is MMCV's old spelling; write runner = dict(type='EpochBasedRunner', max_epochs=N)",
        "gpus": "Pacer trains on the CPU; remove gpus",
    ]

    /// Refuses a refused key or a near miss of a used one; returns the
    /// ignored keys the config sets, for one note.
    static func check(_ config: Config) throws -> [String] {
        var ignoredHere: [String] = []
        for key in config.entries.keys.sorted() where !used.contains(key) && !key.hasPrefix("_") {
            if ignored.contains(key) {
                ignoredHere.append(key)
            } else if let instead = refused[key] {
                throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key(key)]), message: instead)
            } else if let close = Spelling.closest(to: key, among: used) {
                throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key(key)]),
                                         message: "is not a config key Pacer reads; did you mean '\(close)'?")
            }
        }
        return ignoredHere
    }
}
