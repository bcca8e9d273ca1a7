import Pacer
import PacerConfig

/// What `log_config.hooks` needs beyond building each hook by name: which
/// entries are loggers (only the last clears the log buffer's output, as in
/// MMCV), and the MMCV 1.x loggers Pacer does not provide, refused with
/// what to use instead rather than just "unknown hook type" (a plugin
/// registered under one of these names is built as usual).
enum LogConfigHooks {
    /// MMCV's logger type names Pacer lacks, and what to use instead.
    static let advice: [String: String] = [
        "MlflowLoggerHook": "log to TensorBoard with TensorboardLoggerHook, or import the .log.json into MLflow",
        "WandbLoggerHook": "log with TensorboardLoggerHook (wandb can sync TensorBoard event files: wandb sync DIR)",
        "NeptuneLoggerHook": "log with TensorboardLoggerHook, or upload the .log.json to Neptune",
        "DvcliveLoggerHook": "log with TensorboardLoggerHook, or read the .log.json (one JSON record a line)",
        "SegmindLoggerHook": "log with TensorboardLoggerHook, or read the .log.json (one JSON record a line)",
        "ClearMLLoggerHook": "log with TensorboardLoggerHook (ClearML reads TensorBoard event files)",
        "PaviLoggerHook": "log with TensorboardLoggerHook, or read the .log.json (one JSON record a line)",
    ]

    /// Whether a `log_config.hooks` dict is a logger in MMCV's sense, one
    /// that clears the log buffer's output after logging unless told
    /// `reset_flag=False`: its type ends in "LoggerHook" and declares no
    /// options or declares `reset_flag`.
    static func isLogger(_ hook: ConfigSection, registries: Registries) throws -> Bool {
        guard let type = try hook.optionalString("type"), type.hasSuffix("LoggerHook") else { return false }
        return registries.hooks.options(of: type)?.contains("reset_flag") ?? true
    }

    /// Refuses a logger dict whose `type` is an MMCV logger Pacer lacks and
    /// no plugin provides, naming the file, the key and the alternative.
    static func refuse(_ logger: ConfigSection, registered: [String]) throws {
        guard let type = try logger.optionalString("type"), !registered.contains(type),
              let instead = advice[type] else { return }
        throw BuildError.invalid(logger, "type", "is '\(type)', an MMCV logger Pacer does not provide: \(instead)")
    }
}
