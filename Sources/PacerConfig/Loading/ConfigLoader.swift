/// Loads a config file into a `Config`, choosing the reader by the file's extension and
/// applying its `_base_` files the way MMCV's `Config.fromfile` does.
public enum ConfigLoader {
    /// The file extensions `load(path:)` reads.
    public static let supportedExtensions = [".py", ".json", ".yaml", ".yml"]

    /// Reads the config file at `path` and the `_base_` files it names, recursively, and
    /// returns the merged config (without `_base_` and `_delete_` keys).
    ///
    /// Throws `ConfigError` naming the file (and line:col) when a file is missing or
    /// unreadable, has no reader for its extension, is not a valid config, names a base
    /// that does not exist (the error names the file that names it), or when the bases form
    /// a cycle, share a top-level key, or cannot be merged, or a `{{ _base_.x }}` reference
    /// cannot be resolved.
    ///
    /// A file holding `_deprecation_` loses that key, as in MMCV 1.7.2, and MMCV's warning
    /// about it is kept in `notes`, control characters escaped (the command line prints each as
    /// a `note:` line).
    public static func load(path: String) throws(ConfigError) -> Config {
        var chain = BaseChain()
        let bytes = try ConfigFile.contents(of: path)
        var config = Config(file: path, entries: try chain.load(bytes, display: path, open: path))
        config.notes = chain.notes.map(\.escapingControlCharacters)
        return config
    }

    /// Parses one config file's `bytes`, read from `file`, with the reader its extension
    /// selects, without applying its bases; `variables` (unless `nil`) are replaced.
    public static func parse(
        _ bytes: [UInt8], file: String, variables: PredefinedVariables? = nil
    ) throws(ConfigError) -> ParsedConfig {
        switch ConfigFile.fileExtension(of: file) {
        case ".py": try PythonReader.parse(bytes, file: file, variables: variables)
        case ".json": try JSONReader.parse(bytes, file: file, variables: variables)
        case ".yaml", ".yml": try YAMLReader.parse(bytes, file: file, variables: variables)
        case let other: throw ConfigError(file: file, problem: .unsupportedFormat(fileExtension: other))
        }
    }
}
