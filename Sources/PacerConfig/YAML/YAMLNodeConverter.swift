import Yams

/// Turns a composed YAML node tree into config values: scalars resolved as PyYAML resolves
/// them, `<<` merge keys applied, tags checked, and aliases expanded within a budget.
struct YAMLNodeConverter {
    let file: String
    let variables: PredefinedVariables?
    /// The `{{ _base_.x }}` references met so far, in tree order.
    private(set) var references: [BaseReference] = []
    private var produced = 0
    private var depth = 0

    init(file: String, variables: PredefinedVariables?) {
        self.file = file
        self.variables = variables
    }

    /// The value of `node`, which sits at `path`.
    mutating func convert(_ node: Node, at path: ConfigKeyPath) throws(ConfigError) -> ConfigValue {
        produced += 1
        guard produced <= YAMLReader.maxValues else {
            throw failure(ConfigLimits.tooManyValues + ", each use of an alias again", at: node)
        }
        switch node {
        case .scalar(let scalar):
            return try convert(scalar, at: node)
        case .sequence(let sequence):
            return try convert(sequence, node: node, at: path)
        case .mapping(let mapping):
            if let brace = YAMLBraceShape.match(mapping) { return try convert(brace, node: node, at: path) }
            return .dict(try convert(mapping, node: node, at: path))
        case .alias:
            throw failure("unresolved alias", at: node)
        }
    }

    private mutating func convert(_ scalar: Node.Scalar, at node: Node) throws(ConfigError) -> ConfigValue {
        let tag = scalar.tag.rawValue
        let text = scalar.string
        do {
            switch tag {
            case "", "!", YAMLReader.implicitTag.rawValue:
                if scalar.style == .plain && tag != "!" { return substituted(try YAMLScalarResolver.resolve(text)) }
                return substituted(.string(text))
            case Tag.Name.str.rawValue:
                return substituted(.string(text))
            case Tag.Name.int.rawValue:
                if let value = try YAMLScalarResolver.int(text) { return value }
            case Tag.Name.float.rawValue:
                if let value = YAMLScalarResolver.float(text) { return value }
                if case .int(let int)? = try YAMLScalarResolver.int(text) { return .double(Double(int)) }
            case Tag.Name.bool.rawValue:
                if let value = YAMLScalarResolver.bool(text) { return value }
            case Tag.Name.null.rawValue:
                if let value = YAMLScalarResolver.null(text) { return value }
            default:
                throw failure("unsupported YAML tag '\(Self.shortTag(tag))'", at: node)
            }
        } catch let error as YAMLScalarError {
            throw failure(error.message, at: node)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw failure("\(error)", at: node)
        }
        throw failure("'\(text)' is not a valid \(Self.shortTag(tag))", at: node)
    }

    /// A string with predefined variables replaced; any other value as it is.
    private func substituted(_ value: ConfigValue) -> ConfigValue {
        guard case .string(let string) = value, let variables else { return value }
        return .string(variables.substitute(in: string))
    }

    private mutating func convert(_ sequence: Node.Sequence, node: Node, at path: ConfigKeyPath) throws(ConfigError)
        -> ConfigValue
    {
        let tag = sequence.tag.rawValue
        let isTuple = tag == "tag:yaml.org,2002:python/tuple"
        guard isTuple || ["", "!", Tag.Name.seq.rawValue].contains(tag) else {
            throw failure("unsupported YAML tag '\(Self.shortTag(tag))'", at: node)
        }
        try enter(node)
        defer { depth -= 1 }
        var items: [ConfigValue] = []
        for (index, item) in sequence.enumerated() {
            items.append(try convert(item, at: path.appending(.index(index))))
        }
        return isTuple ? .tuple(items) : .list(items)
    }

    private mutating func convert(_ mapping: Node.Mapping, node: Node, at path: ConfigKeyPath) throws(ConfigError)
        -> ConfigDict
    {
        let tag = mapping.tag.rawValue
        guard ["", "!", Tag.Name.map.rawValue].contains(tag) else {
            throw failure("unsupported YAML tag '\(Self.shortTag(tag))'", at: node)
        }
        try enter(node)
        defer { depth -= 1 }
        var merged: [(key: String, value: ConfigValue)] = []
        var explicit: [(key: String, value: ConfigValue)] = []
        var seen: Set<String> = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else { throw failure("mapping keys must be scalars", at: keyNode) }
            if key.string == "<<" && key.style == .plain && key.tag.rawValue != Tag.Name.str.rawValue {
                merged = try mergedPairs(valueNode, at: path) + merged
                continue
            }
            let name = variables?.substitute(in: key.string) ?? key.string
            guard seen.insert(name).inserted else { throw failure("duplicate key '\(name)'", at: keyNode) }
            explicit.append((name, try convert(valueNode, at: path.appending(.key(name)))))
        }
        var dict = ConfigDict()
        for pair in merged + explicit {
            dict[pair.key] = pair.value
        }
        return dict
    }

    /// The pairs a `<<` merge key brings in PyYAML's order: with a list of mappings the
    /// later ones come first so that, inserted in order, the earlier ones win.
    private mutating func mergedPairs(_ node: Node, at path: ConfigKeyPath) throws(ConfigError)
        -> [(key: String, value: ConfigValue)]
    {
        let sources: [Node]
        if case .sequence(let sequence) = node {
            sources = Array(sequence)
        } else {
            sources = [node]
        }
        var pairs: [(key: String, value: ConfigValue)] = []
        for source in sources {
            guard case .mapping(let mapping) = source else {
                throw failure("the value of '<<' must be a mapping or a list of mappings", at: source)
            }
            let dict = try convert(mapping, node: source, at: path)
            pairs = Array(dict) + pairs
        }
        return pairs
    }

    /// `{{ _base_.a.b }}` or `{{ fileDirname }}` written bare, which YAML reads as a mapping.
    private mutating func convert(_ brace: BraceExpression, node: Node, at path: ConfigKeyPath) throws(ConfigError)
        -> ConfigValue
    {
        switch brace {
        case .variable(let name):
            return .string(variables?.value(of: name) ?? "{{\(name)}}")
        case .baseReference(let keys):
            let position = SourcePosition(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
            let reference = BaseReference(keys: keys, keyPath: path, position: position)
            guard !keys.contains(where: \.isEmpty) else { throw failure("\(reference.text) has an empty key", at: node) }
            references.append(reference)
            return .string(reference.text)
        }
    }

    private mutating func enter(_ node: Node) throws(ConfigError) {
        guard depth < YAMLReader.maxDepth else {
            throw failure("mappings and sequences nested deeper than \(YAMLReader.maxDepth) levels", at: node)
        }
        depth += 1
    }

    /// `!!int` for `tag:yaml.org,2002:int`; other tags as written.
    private static func shortTag(_ tag: String) -> String {
        tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
    }

    private func failure(_ message: String, at node: Node) -> ConfigError {
        let position = node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
        return ConfigError(file: file, position: position, problem: .malformed(message))
    }
}

/// The shape YAML gives `{{ word }}` written bare: a mapping whose only key is a mapping
/// whose only key is the plain scalar `word`, both values empty.
enum YAMLBraceShape {
    /// The brace expression `mapping` spells, or `nil`.
    static func match(_ mapping: Node.Mapping) -> BraceExpression? {
        guard mapping.count == 1, let (outerKey, outerValue) = mapping.first, isEmpty(outerValue),
            case .mapping(let inner) = outerKey, inner.count == 1, let (innerKey, innerValue) = inner.first,
            isEmpty(innerValue), case .scalar(let word) = innerKey, word.style == .plain
        else { return nil }
        return BraceExpression(word: word.string)
    }

    private static func isEmpty(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.string.isEmpty && scalar.style == .plain
    }
}
