/// Reads MMCV `.py` configs written in the subset of Python they use, without running
/// Python: the text is parsed and evaluated by Pacer, with bounded steps and sizes.
///
/// Accepted: assignments (`a = b = value`, `a[0] = v`, `a, b = 1, 2`, `x += [1]`), `del`,
/// `pass`, `if`/`elif`/`else` blocks; literals of every kind (strings in every quoting form,
/// f-strings, numbers in any base, `True`, `False`, `None`, lists, tuples, dicts, sets);
/// names assigned earlier; arithmetic, comparisons, `and`/`or`/`not`, `in`, `is None`,
/// conditional expressions; subscripts and slices; list, dict and set comprehensions and
/// generator expressions; the pure built-ins `round`, `sum`, `int`, `float`, `str`, `repr`, `bool`,
/// `len`, `range`, `min`, `max`, `abs`, `list`, `tuple`, `dict`, `set`, `sorted`,
/// `reversed`, `zip`, `enumerate`, `any`, `all`; the methods of lists, dicts and strings
/// configs call (`append`, `extend`, `update`, `get`, `format`, `join`, ...);
/// `{{ _base_.x }}` references and MMCV's predefined variables. Anything else (imports,
/// function definitions, lambdas, loops, attribute access, I/O, ...) fails with
/// `file:line:col: unsupported Python construct '...'`.
///
/// The result holds every bound name except those starting with `__`, in the order of
/// Python's module dict, as MMCV's `Config` collects a module's globals.
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
        return try DeepStack.run { () throws(ConfigError) in try read(bytes, file: file, variables: variables) }
    }

    /// Parses and evaluates the text (valid UTF-8 without null bytes).
    private static func read(
        _ bytes: [UInt8], file: String, variables: PredefinedVariables?
    ) throws(ConfigError) -> ParsedConfig {
        let lexer = PythonLexer(bytes: bytes, file: file, variables: variables)
        var parser = try PythonParser(lexer: lexer)
        let statements = try parser.parseModule()
        let evaluator = PythonEvaluator(lexer: lexer)
        try evaluator.run(statements)
        var converter = PythonConverter(lexer: lexer)
        var entries = ConfigDict()
        for (name, value) in evaluator.globals.entries where !name.hasPrefix("__") {
            let offset = evaluator.bindings[name] ?? 0
            do {
                entries[name] = try converter.convert(value, at: ConfigKeyPath([.key(name)]), depth: 0)
            } catch {
                throw error.at(offset, lexer: lexer)
            }
        }
        return ParsedConfig(file: file, entries: entries, baseReferences: converter.references)
    }
}

/// Turns evaluated values into config values, leaving each reference's text in its place
/// and noting where it stands. The whole config may hold `ConfigLimits.maxValues` values
/// (a list shared by several names counts for each), nested `PythonValue.maxDepth` deep.
struct PythonConverter {
    let lexer: PythonLexer
    /// The references met so far, in tree order.
    private(set) var references: [BaseReference] = []
    /// The values converted so far, the top level included.
    private var total = 1

    init(lexer: PythonLexer) {
        self.lexer = lexer
    }

    mutating func convert(_ value: PythonValue, at path: ConfigKeyPath, depth: Int) throws(PythonFault) -> ConfigValue {
        guard depth < PythonValue.maxDepth else { throw PythonValue.tooDeep }
        total += 1
        guard total <= ConfigLimits.maxValues else { throw PythonFault.error(ConfigLimits.tooManyValues) }
        switch value {
        case .int(let int): return .int(int)
        case .float(let double): return .double(double)
        case .bool(let bool): return .bool(bool)
        case .none: return .null
        case .string(let string): return .string(string)
        case .list(let list): return .list(try convert(list.items, at: path, depth: depth))
        case .tuple(let items): return .tuple(try convert(items, at: path, depth: depth))
        case .dict(let dict):
            var entries = ConfigDict()
            for entry in dict.entries {
                entries[entry.key] = try convert(entry.value, at: path.appending(.key(entry.key)), depth: depth + 1)
            }
            return .dict(entries)
        case .set:
            throw PythonFault.unsupported("set in the config (a config holds lists, tuples and dicts)")
        case .iterator(let kind, _):
            throw PythonFault.unsupported("\(kind) object in the config (write list(...) around it)")
        case .reference(let keys, let offset):
            let reference = BaseReference(
                keys: keys, keyPath: path, position: SourcePosition(offset: offset, in: lexer.bytes))
            references.append(reference)
            return .string(reference.text)
        }
    }

    private mutating func convert(_ items: [PythonValue], at path: ConfigKeyPath, depth: Int) throws(PythonFault)
        -> [ConfigValue]
    {
        var values: [ConfigValue] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            values.append(try convert(item, at: path.appending(.index(index)), depth: depth + 1))
        }
        return values
    }
}
