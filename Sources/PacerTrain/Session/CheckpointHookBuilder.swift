import Pacer
import PacerConfig

/// Builds MMCV's `CheckpointHook` from `checkpoint_config = dict(interval=1,
/// by_epoch=True, save_optimizer=True, out_dir=None, max_keep_ckpts=-1,
/// save_last=True, filename_tmpl=None, create_symlink=True)`.
enum CheckpointHookBuilder {
    /// The options it accepts.
    static let options = ["interval", "by_epoch", "save_optimizer", "out_dir", "max_keep_ckpts", "save_last",
                          "filename_tmpl", "create_symlink"]

    static func build(_ arguments: HookArguments) throws -> CheckpointHook {
        let config = arguments.config
        let byEpoch = try config.bool("by_epoch", default: !(arguments.runner is IterBasedRunner))
        let template = try config.optionalString("filename_tmpl").map { text in
            guard let name = CheckpointName(template: text) else {
                throw BuildError.invalid(config, "filename_tmpl", "is '\(text)'; it must hold '{}' once, for the "
                                         + "epoch or iteration, end in .safetensors and name no folder")
            }
            return name
        } ?? CheckpointName(prefix: byEpoch ? "epoch_" : "iter_")
        return CheckpointHook(
            interval: try config.int("interval", default: -1),
            byEpoch: byEpoch,
            saveOptimizer: try config.bool("save_optimizer", default: true),
            saveLast: try config.bool("save_last", default: true),
            maxKeep: try config.int("max_keep_ckpts", default: -1),
            outDir: try config.optionalString("out_dir"),
            name: template,
            createSymlink: try config.bool("create_symlink", default: true),
            checkpointer: arguments.checkpointer)
    }
}
