/// A config value together with where it came from: the file and its key path.
///
/// Its typed readers throw a `ConfigError` that names both, such as
/// `configs/x.json: 'custom_hooks.0.priority' must be an integer, got string "high"`.
public struct ConfigNode: Sendable, Hashable {
    /// The config file the value was read from.
    public let file: String
    /// Where the value sits in the config tree.
    public let keyPath: ConfigKeyPath
    /// The value itself.
    public let value: ConfigValue

    /// The value `value` found at `keyPath` in `file`.
    public init(file: String, keyPath: ConfigKeyPath, value: ConfigValue) {
        self.file = file
        self.keyPath = keyPath
        self.value = value
    }

    /// The value as an integer.
    public func int() throws(ConfigError) -> Int {
        guard case .int(let int) = value else { throw mismatch("an integer") }
        return int
    }

    /// The value as a number; an integer reads as a double.
    public func double() throws(ConfigError) -> Double {
        switch value {
        case .double(let double): return double
        case .int(let int): return Double(int)
        default: throw mismatch("a number")
        }
    }

    /// The value as a boolean.
    public func bool() throws(ConfigError) -> Bool {
        guard case .bool(let bool) = value else { throw mismatch("a boolean") }
        return bool
    }

    /// The value as a string.
    public func string() throws(ConfigError) -> String {
        guard case .string(let string) = value else { throw mismatch("a string") }
        return string
    }

    /// The value as a dictionary that can be read further by key.
    public func dict() throws(ConfigError) -> ConfigSection {
        guard case .dict(let dict) = value else { throw mismatch("a dictionary") }
        return ConfigSection(file: file, keyPath: keyPath, entries: dict)
    }

    /// The items of a list or a tuple (MMCV accepts either), each with its indexed path.
    public func list() throws(ConfigError) -> [ConfigNode] {
        switch value {
        case .list(let items), .tuple(let items):
            return items.enumerated().map { index, item in
                ConfigNode(file: file, keyPath: keyPath.appending(.index(index)), value: item)
            }
        default:
            throw mismatch("a list")
        }
    }

    private func mismatch(_ expected: String) -> ConfigError {
        ConfigError(file: file, problem: .wrongType(keyPath, expected: expected, found: value))
    }
}
