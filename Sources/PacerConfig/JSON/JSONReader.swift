/// Reads JSON config text into a value tree, keeping key order and integers apart from
/// floats (which `JSONSerialization` loses).
///
/// It accepts standard JSON plus what Python's `json` module accepts and MMCV configs may
/// therefore contain: `NaN`, `Infinity` and `-Infinity`, and a leading UTF-8 byte order
/// mark. Duplicate keys in one object are rejected. Errors read `file:line:col: problem`.
public enum JSONReader {
    /// The deepest nesting of objects and arrays accepted.
    public static let maxDepth = 256

    /// Parses `bytes` (UTF-8 JSON text of any top-level value) read from `file`.
    public static func value(from bytes: [UInt8], file: String) throws(ConfigError) -> ConfigValue {
        var parser = JSONParser(bytes: bytes, file: file)
        return try parser.parseDocument()
    }

    /// Parses `bytes` read from `file` as a config, whose top level must be an object.
    public static func config(from bytes: [UInt8], file: String) throws(ConfigError) -> Config {
        guard case .dict(let entries) = try value(from: bytes, file: file) else {
            throw ConfigError(file: file, problem: .malformed("top level must be a JSON object"))
        }
        return Config(file: file, entries: entries)
    }
}
