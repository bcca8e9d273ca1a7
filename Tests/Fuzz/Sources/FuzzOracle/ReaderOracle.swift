import PacerConfig

/// What each fuzz input is checked for: a reader either returns a config or throws a
/// one-line `ConfigError` (any trap, hang or runaway allocation is a bug libFuzzer
/// reports), and a config it returns dumps as `.py`, `.json` and `.yaml` text that reads
/// back as the same tree.
public enum ReaderOracle {
    /// The reader a fuzz target drives.
    public enum Reader: Sendable {
        case python, json, yaml

        var file: String {
            switch self {
            case .python: "/fuzz/configs/input.py"
            case .json: "/fuzz/configs/input.json"
            case .yaml: "/fuzz/configs/input.yaml"
            }
        }

        func parse(_ bytes: [UInt8], variables: PredefinedVariables?) throws(ConfigError) -> ParsedConfig {
            switch self {
            case .python: try PythonReader.parse(bytes, file: file, variables: variables)
            case .json: try JSONReader.parse(bytes, file: file, variables: variables)
            case .yaml: try YAMLReader.parse(bytes, file: file, variables: variables)
            }
        }
    }

    /// Checks one input; traps (so libFuzzer saves the input) when a property fails.
    public static func check(_ bytes: [UInt8], with reader: Reader) {
        let parsed: ParsedConfig
        do {
            parsed = try reader.parse(bytes, variables: PredefinedVariables(path: reader.file))
        } catch {
            requireOneLine(error)
            return
        }
        let config = Config(file: reader.file, entries: parsed.entries)
        for format in ConfigFormat.allCases {
            roundTrip(config, as: format)
        }
    }

    /// Dumps `config` as `format` and reads it back: the same tree, or (for trees nested
    /// close to the readers' depth limits) a one-line error about the nesting.
    private static func roundTrip(_ config: Config, as format: ConfigFormat) {
        let text: String
        do {
            text = try config.dump(as: format)
        } catch {
            requireOneLine(error)
            return  // a top-level key that is not a Python name
        }
        let reader: Reader = format == .py ? .python : format == .json ? .json : .yaml
        do {
            let back = try reader.parse(Array(text.utf8), variables: nil).entries
            let expected: ConfigValue = format == .json ? .dict(config.entries).withTuplesAsLists : .dict(config.entries)
            guard ConfigValue.dict(back).isSame(as: expected) else {
                fatalError("\(format) dump does not read back:\n\(text)\nread back as \(ConfigValue.dict(back).json())")
            }
        } catch {
            requireOneLine(error)
            guard ConfigValue.dict(config.entries).depth >= 190 else {
                fatalError("\(format) dump does not read back (\(error)):\n\(text)")
            }
        }
    }

    static func requireOneLine(_ error: ConfigError) {
        let text = error.description
        guard !text.contains("\n"), !text.isEmpty else { fatalError("error is not one line: \(text)") }
    }
}

extension ConfigValue {
    /// Equality that counts NaN as equal to NaN, so dumped NaNs compare.
    func isSame(as other: ConfigValue) -> Bool {
        switch (self, other) {
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
        case (.dict(let a), .dict(let b)):
            return a.keys == b.keys && a.keys.allSatisfy { a[$0]!.isSame(as: b[$0]!) }
        default:
            return self == other
        }
    }

    /// The value with every tuple made a list, as JSON holds it.
    var withTuplesAsLists: ConfigValue {
        switch self {
        case .dict(let dict): .dict(ConfigDict(dict.map { ($0.key, $0.value.withTuplesAsLists) }))
        case .list(let items), .tuple(let items): .list(items.map(\.withTuplesAsLists))
        default: self
        }
    }

    /// How deeply containers nest in the value (0 for a scalar).
    var depth: Int {
        switch self {
        case .dict(let dict): 1 + (dict.map(\.value.depth).max() ?? 0)
        case .list(let items), .tuple(let items): 1 + (items.map(\.depth).max() ?? 0)
        default: 0
        }
    }
}
