/// Reads MMCV `.py` configs written in the literal subset of Python they use, without
/// running Python.
///
/// Accepted: top-level assignments (`a = b = value`, `;` between statements); `dict(k=v)`,
/// `{'k': v}`, `[...]`, `(...)` and bare tuples; strings in every quoting form (single,
/// double, triple; `r` and `u` prefixes; all escapes; adjacent literals joined); integers
/// in any base and floats (`1e-4`, `1_000`); `True`, `False`, `None`; names assigned
/// earlier in the file; `+ - * / // % **` on numbers, `+` and `*` on strings, lists and
/// tuples; comments, blank lines and line continuations; `{{ _base_.x }}` references and
/// MMCV's predefined variables. Anything else (imports, calls other than `dict`, lambdas,
/// comprehensions, f-strings, attribute access, ...) fails with
/// `file:line:col: unsupported Python construct '...'`.
///
/// The result holds every bound name except those starting with `__`, in the order first
/// bound, as MMCV's `Config` collects a module's globals.
public enum PythonReader {
    /// Parses `bytes` (UTF-8 Python text) read from `file`, replacing `variables` (MMCV's
    /// predefined variables) inside strings unless `nil`.
    public static func parse(
        _ bytes: [UInt8], file: String, variables: PredefinedVariables? = nil
    ) throws(ConfigError) -> ParsedConfig {
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw ConfigError(
                file: file, position: SourcePosition(offset: offset, in: bytes),
                problem: .malformed("invalid UTF-8 byte sequence (save the file as UTF-8)"))
        }
        if let offset = bytes.firstIndex(of: 0) {
            throw ConfigError(
                file: file, position: SourcePosition(offset: offset, in: bytes),
                problem: .malformed("source code cannot contain null bytes"))
        }
        let lexer = PythonLexer(bytes: bytes, file: file, variables: variables)
        var parser = try PythonParser(lexer: lexer)
        let statements = try parser.parseModule()
        var evaluator = PythonEvaluator(lexer: lexer)
        try evaluator.run(statements)
        var converter = PythonConverter(lexer: lexer)
        var entries = ConfigDict()
        for name in evaluator.names where !name.hasPrefix("__") {
            if let value = evaluator.values[name] {
                entries[name] = converter.convert(value, at: ConfigKeyPath([.key(name)]))
            }
        }
        return ParsedConfig(file: file, entries: entries, baseReferences: converter.references)
    }
}

/// Turns evaluated values into config values, leaving each reference's text in its place
/// and noting where it stands.
struct PythonConverter {
    let lexer: PythonLexer
    /// The references met so far, in tree order.
    private(set) var references: [BaseReference] = []

    init(lexer: PythonLexer) {
        self.lexer = lexer
    }

    mutating func convert(_ value: PythonValue, at path: ConfigKeyPath) -> ConfigValue {
        switch value {
        case .int(let int): return .int(int)
        case .float(let double): return .double(double)
        case .bool(let bool): return .bool(bool)
        case .none: return .null
        case .string(let string): return .string(string)
        case .list(let items): return .list(convert(items.items, at: path))
        case .tuple(let items): return .tuple(convert(items.items, at: path))
        case .dict(let dict):
            var entries = ConfigDict()
            for entry in dict.entries {
                entries[entry.key] = convert(entry.value, at: path.appending(.key(entry.key)))
            }
            return .dict(entries)
        case .reference(let keys, let offset):
            let reference = BaseReference(
                keys: keys, keyPath: path, position: SourcePosition(offset: offset, in: lexer.bytes))
            references.append(reference)
            return .string(reference.text)
        }
    }

    private mutating func convert(_ items: [PythonValue], at path: ConfigKeyPath) -> [ConfigValue] {
        var values: [ConfigValue] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            values.append(convert(item, at: path.appending(.index(index))))
        }
        return values
    }
}
