/// A whole config: the top-level dictionary and the file it came from.
///
/// Read it with the typed accessors of `ConfigDictReading`
/// (`try cfg.dict("runner").int("max_epochs")`) and change it with `set(_:_:)`.
public struct Config: ConfigDictReading, Sendable, Hashable {
    /// The config file, as the user named it; every error about this config names it.
    public var file: String
    /// The top-level keys and values.
    public var entries: ConfigDict
    /// The warnings MMCV gives while reading the config, in its words (a `_deprecation_`
    /// key's "The config file ... will be deprecated in the future. ..."), in the order met.
    public var notes: [String] = []

    /// A config of `entries` read from `file`.
    public init(file: String, entries: ConfigDict = [:]) {
        self.file = file
        self.entries = entries
    }

    /// The top level: an empty key path.
    public var keyPath: ConfigKeyPath { ConfigKeyPath() }
}
