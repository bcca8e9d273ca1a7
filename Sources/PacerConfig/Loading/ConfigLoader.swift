/// Loads a config file into a `Config`, choosing the reader by the file's extension.
public enum ConfigLoader {
    /// The file extensions `load(path:)` reads.
    public static let supportedExtensions = [".json"]

    /// Reads and parses the config file at `path`.
    ///
    /// Throws `ConfigError` naming `path` when the file is missing or unreadable, when
    /// its extension has no reader, or when its text is not a valid config.
    public static func load(path: String) throws(ConfigError) -> Config {
        let bytes = try ConfigFile.contents(of: path)
        switch ConfigFile.fileExtension(of: path) {
        case ".json":
            return try JSONReader.config(from: bytes, file: path)
        case let other:
            throw ConfigError(file: path, problem: .unsupportedFormat(fileExtension: other))
        }
    }
}
