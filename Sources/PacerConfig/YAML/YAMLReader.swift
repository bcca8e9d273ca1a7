import Yams

/// Reads `.yaml` / `.yml` configs into the same value tree as `.py` and `.json`, through
/// Yams' node API so keys keep their order.
///
/// Plain scalars mean what PyYAML (MMCV's loader) makes of them; see `YAMLScalarResolver`.
/// Quoted and block scalars are strings. Anchors, aliases and `<<` merge keys work as in
/// PyYAML; `!!python/tuple` makes a tuple (PyYAML writes tuples that way), the standard
/// tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq` and `!!map` are honoured,
/// and any other tag is refused (PyYAML's full loader would build Python objects from
/// them). Mapping keys are read as strings. `{{ _base_.x }}` and `{{ fileDirname }}`
/// standing as whole values work as in MMCV, where they are substituted before parsing.
public enum YAMLReader {
    /// The deepest nesting of mappings and sequences accepted.
    public static let maxDepth = 256
    /// The most values a document may hold, each use of an alias counting again.
    public static let maxValues = ConfigLimits.maxValues

    /// Parses `bytes` (UTF-8 YAML text) read from `file`; `variables` (unless `nil`) are
    /// replaced inside strings. An empty document is an empty config.
    public static func parse(
        _ bytes: [UInt8], file: String, variables: PredefinedVariables? = nil
    ) throws(ConfigError) -> ParsedConfig {
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw ConfigError(
                file: file, position: SourcePosition(offset: offset, in: bytes),
                problem: .malformed("invalid UTF-8 byte sequence (save the file as UTF-8)"))
        }
        var guardPass = YAMLKeyGuard(bytes: bytes, file: file)
        try guardPass.check()
        let text = String(decoding: bytes, as: UTF8.self)
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: implicitResolver, constructor: .default, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw ConfigError(yaml: error, file: file, text: text)
        } catch {
            throw ConfigError(file: file, problem: .malformed("\(error)"))
        }
        guard let root else { return ParsedConfig(file: file, entries: [:]) }
        var converter = YAMLNodeConverter(file: file, variables: variables)
        guard case .dict(let entries) = try converter.convert(root, at: ConfigKeyPath()) else {
            throw ConfigError(file: file, problem: .malformed("top level must be a YAML mapping"))
        }
        return ParsedConfig(file: file, entries: entries, baseReferences: converter.references)
    }

    /// The tag Yams gives an untagged plain scalar when it resolves one (it does so for
    /// mapping keys): a name no document can write, so explicit tags stay recognisable.
    static let implicitTag = Tag.Name(rawValue: "tag:pacer.invalid,2026:implicit")

    /// A resolver that resolves every untagged scalar to `implicitTag`; Pacer resolves
    /// scalars itself.
    private static let implicitResolver: Resolver = {
        // A constant pattern that compiles: this cannot fail.
        try! Resolver.basic.appending(implicitTag, "^")
    }()
}

extension ConfigError {
    /// A Yams error as one line at its position in `file`.
    init(yaml error: YamlError, file: String, text: String) {
        func context(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text) at \(context.mark.line):\(context.mark.column))"
        }
        switch error {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
            .composer(let ctx, let problem, let mark, _):
            self.init(
                file: file, position: SourcePosition(line: mark.line, column: mark.column),
                problem: .malformed(problem + context(ctx)))
        case .reader(let problem, let offset, _, _):
            // Yams counts the offset in characters.
            let position = offset.flatMap { text.index(text.startIndex, offsetBy: $0, limitedBy: text.endIndex) }.map {
                SourcePosition(offset: text.utf8.distance(from: text.startIndex, to: $0), in: Array(text.utf8))
            }
            self.init(file: file, position: position, problem: .malformed(problem))
        case .duplicatedKeysInMapping(let duplicates, let ctx):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            self.init(
                file: file, position: SourcePosition(line: ctx.mark.line, column: ctx.mark.column),
                problem: .malformed("duplicate key \(keys) in a mapping"))
        default:
            self.init(file: file, problem: .malformed("\(error)"))
        }
    }
}
