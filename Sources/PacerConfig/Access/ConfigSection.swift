/// A dictionary inside a config, with its file and key path, read with the typed
/// accessors of `ConfigDictReading`: `try cfg.dict("runner").int("max_epochs")`.
public struct ConfigSection: ConfigDictReading, Sendable, Hashable {
    /// The config file the dictionary was read from.
    public let file: String
    /// Where the dictionary sits in the config tree.
    public let keyPath: ConfigKeyPath
    /// The dictionary's keys and values.
    public let entries: ConfigDict

    /// The dictionary `entries` found at `keyPath` in `file`.
    public init(file: String, keyPath: ConfigKeyPath, entries: ConfigDict) {
        self.file = file
        self.keyPath = keyPath
        self.entries = entries
    }
}
