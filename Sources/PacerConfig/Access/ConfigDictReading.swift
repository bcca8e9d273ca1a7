/// A config dictionary that knows its file and key path, so every typed read can name
/// both in its error.
///
/// Required reads (`int("max_epochs")`) throw `missing key 'runner.max_epochs'` when the
/// key is absent. Optional reads (`optionalInt`, `int(_:default:)`) treat an absent key
/// and a `null` value alike, as MMCV configs use `None` for "not set". Any read throws
/// when the value has the wrong type.
public protocol ConfigDictReading {
    /// The config file the dictionary was read from.
    var file: String { get }
    /// Where the dictionary sits in the config tree (empty at the top level).
    var keyPath: ConfigKeyPath { get }
    /// The dictionary's keys and values.
    var entries: ConfigDict { get }
}

extension ConfigDictReading {
    /// The value of `key`, with its location; throws when the key is absent.
    public func value(_ key: String) throws(ConfigError) -> ConfigNode {
        let path = keyPath.appending(.key(key))
        guard let value = entries[key] else {
            throw ConfigError(file: file, problem: .missingKey(path))
        }
        return ConfigNode(file: file, keyPath: path, value: value)
    }

    /// The value of `key`, with its location, or `nil` when absent or `null`.
    public func optionalValue(_ key: String) -> ConfigNode? {
        guard let value = entries[key], value != .null else { return nil }
        return ConfigNode(file: file, keyPath: keyPath.appending(.key(key)), value: value)
    }

    /// The integer at `key`.
    public func int(_ key: String) throws(ConfigError) -> Int {
        try value(key).int()
    }

    /// The integer at `key`, or `defaultValue` when absent or `null`.
    public func int(_ key: String, default defaultValue: Int) throws(ConfigError) -> Int {
        try optionalInt(key) ?? defaultValue
    }

    /// The integer at `key`, or `nil` when absent or `null`.
    public func optionalInt(_ key: String) throws(ConfigError) -> Int? {
        try optionalValue(key)?.int()
    }

    /// The number at `key`; an integer reads as a double.
    public func double(_ key: String) throws(ConfigError) -> Double {
        try value(key).double()
    }

    /// The number at `key`, or `defaultValue` when absent or `null`.
    public func double(_ key: String, default defaultValue: Double) throws(ConfigError) -> Double {
        try optionalDouble(key) ?? defaultValue
    }

    /// The number at `key`, or `nil` when absent or `null`.
    public func optionalDouble(_ key: String) throws(ConfigError) -> Double? {
        try optionalValue(key)?.double()
    }

    /// The boolean at `key`.
    public func bool(_ key: String) throws(ConfigError) -> Bool {
        try value(key).bool()
    }

    /// The boolean at `key`, or `defaultValue` when absent or `null`.
    public func bool(_ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        try optionalBool(key) ?? defaultValue
    }

    /// The boolean at `key`, or `nil` when absent or `null`.
    public func optionalBool(_ key: String) throws(ConfigError) -> Bool? {
        try optionalValue(key)?.bool()
    }

    /// The string at `key`.
    public func string(_ key: String) throws(ConfigError) -> String {
        try value(key).string()
    }

    /// The string at `key`, or `defaultValue` when absent or `null`.
    public func string(_ key: String, default defaultValue: String) throws(ConfigError) -> String {
        try optionalString(key) ?? defaultValue
    }

    /// The string at `key`, or `nil` when absent or `null`.
    public func optionalString(_ key: String) throws(ConfigError) -> String? {
        try optionalValue(key)?.string()
    }

    /// The dictionary at `key`, readable further by key.
    public func dict(_ key: String) throws(ConfigError) -> ConfigSection {
        try value(key).dict()
    }

    /// The dictionary at `key`, or `nil` when absent or `null`.
    public func optionalDict(_ key: String) throws(ConfigError) -> ConfigSection? {
        try optionalValue(key)?.dict()
    }

    /// The items of the list or tuple at `key`, each with its indexed path.
    public func list(_ key: String) throws(ConfigError) -> [ConfigNode] {
        try value(key).list()
    }

    /// The items of the list or tuple at `key`, or `nil` when absent or `null`.
    public func optionalList(_ key: String) throws(ConfigError) -> [ConfigNode]? {
        try optionalValue(key)?.list()
    }
}
