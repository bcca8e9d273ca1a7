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

    /// Parses `bytes` read from `file` as a config file: its top level must be an object,
    /// `{{ _base_.x }}` references and `{{ fileDirname }}`-style variables may stand as
    /// values (MMCV substitutes them before parsing), and `variables` (unless `nil`) are
    /// replaced inside strings.
    public static func parse(
        _ bytes: [UInt8], file: String, variables: PredefinedVariables? = nil
    ) throws(ConfigError) -> ParsedConfig {
        var parser = JSONParser(bytes: bytes, file: file, readsConfig: true, variables: variables)
        guard case .dict(let entries) = try parser.parseDocument() else {
            throw ConfigError(file: file, problem: .malformed("top level must be a JSON object"))
        }
        return ParsedConfig(file: file, entries: entries, baseReferences: parser.references)
    }

    /// Parses `bytes` read from `file` as a config, whose top level must be an object.
    public static func config(from bytes: [UInt8], file: String) throws(ConfigError) -> Config {
        guard case .dict(let entries) = try value(from: bytes, file: file) else {
            throw ConfigError(file: file, problem: .malformed("top level must be a JSON object"))
        }
        return Config(file: file, entries: entries)
    }
}
