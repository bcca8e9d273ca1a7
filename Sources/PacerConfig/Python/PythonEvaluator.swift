/// Runs a parsed Python config's statements and collects the names it binds, as MMCV
/// collects a config module's globals.
struct PythonEvaluator {
    let lexer: PythonLexer
    /// The names bound so far, in the order of their first binding.
    private(set) var names: [String] = []
    /// The value of each bound name.
    private(set) var values: [String: PythonValue] = [:]

    init(lexer: PythonLexer) {
        self.lexer = lexer
    }

    /// Runs `statements` in order; a statement sees the names bound before it. The names
    /// the config keeps may hold `ConfigLimits.maxValues` values in all.
    mutating func run(_ statements: [PythonStatement]) throws(ConfigError) {
        var total = 1  // the top level
        for statement in statements {
            let value = try evaluate(statement.value)
            for target in statement.targets {
                let kept = !target.name.hasPrefix("__")
                if let old = values.updateValue(value, forKey: target.name) {
                    if kept { total -= old.size }
                } else {
                    names.append(target.name)
                }
                if kept { total += value.size }
            }
            guard total <= ConfigLimits.maxValues else {
                throw lexer.failure(ConfigLimits.tooManyValues, at: statement.value.offset)
            }
        }
    }

    /// The value of `expression`.
    func evaluate(_ expression: PythonExpression) throws(ConfigError) -> PythonValue {
        switch expression.kind {
        case .constant(let value):
            return value
        case .name(let name):
            guard let value = values[name] else {
                throw lexer.failure(
                    "name '\(name)' is not defined (a config can use only names assigned above)", at: expression.offset)
            }
            return value
        case .reference(let keys):
            return .reference(keys: keys, offset: expression.offset)
        case .list(let items):
            let values = try evaluateAll(items)
            return .list(try located(expression) { () throws(PythonFault) in try PythonItems(values) })
        case .tuple(let items):
            let values = try evaluateAll(items)
            return .tuple(try located(expression) { () throws(PythonFault) in try PythonItems(values) })
        case .dict(let pairs):
            return .dict(try dictionary(pairs, at: expression))
        case .starred(let operand):
            throw lexer.failure("cannot use starred expression here", at: operand.offset)
        case .dictCall(let arguments):
            return .dict(try dictCall(arguments, at: expression))
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            return try located(expression) { () throws(PythonFault) in try PythonArithmetic.unary(op, value) }
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left)
            let rhs = try evaluate(right)
            return try located(expression) { () throws(PythonFault) in try PythonArithmetic.binary(op, lhs, rhs) }
        }
    }

    /// The items of a list or tuple display, `*items` spliced in.
    private func evaluateAll(_ items: [PythonExpression]) throws(ConfigError) -> [PythonValue] {
        var values: [PythonValue] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard case .starred(let operand) = item.kind else {
                values.append(try evaluate(item))
                continue
            }
            switch try evaluate(operand) {
            case .list(let spliced), .tuple(let spliced): values += spliced.items
            case .string(let string): values += string.map { .string(String($0)) }
            case .dict(let dict): values += dict.entries.map { .string($0.key) }
            case let other:
                throw lexer.failure("'\(other.typeName)' object is not iterable", at: item.offset)
            }
            guard values.count <= PythonValue.maxSize else {
                throw lexer.unsupported("value of more than \(PythonValue.maxSize) items", at: item.offset)
            }
        }
        return values
    }

    /// The entries of the mapping `**operand` unpacks.
    private func unpacked(_ operand: PythonExpression) throws(ConfigError) -> [(key: String, value: PythonValue)] {
        let value = try evaluate(operand)
        guard case .dict(let dict) = value else {
            throw lexer.failure("'\(value.typeName)' object is not a mapping", at: operand.offset)
        }
        return dict.entries
    }

    /// `dict(k=v, **other)`: a keyword may be given once.
    private func dictCall(
        _ arguments: [(name: String?, value: PythonExpression)], at expression: PythonExpression
    ) throws(ConfigError) -> PythonDict {
        var entries: [(key: String, value: PythonValue)] = []
        var seen: Set<String> = []
        for argument in arguments {
            let given: [(key: String, value: PythonValue)]
            if let name = argument.name {
                given = [(name, try evaluate(argument.value))]
            } else {
                given = try unpacked(argument.value)
            }
            for entry in given {
                guard seen.insert(entry.key).inserted else {
                    throw lexer.failure(
                        "dict() got multiple values for keyword argument '\(entry.key)'", at: argument.value.offset)
                }
                entries.append(entry)
            }
        }
        return try located(expression) { () throws(PythonFault) in try PythonDict(entries) }
    }

    /// `{'k': v, **other}`: keys must be strings; a key written twice is an error, one
    /// coming again through `**` replaces the value, as in Python.
    private func dictionary(
        _ pairs: [(key: PythonExpression?, value: PythonExpression)], at expression: PythonExpression
    ) throws(ConfigError) -> PythonDict {
        var entries: [(key: String, value: PythonValue)] = []
        var positions: [String: Int] = [:]
        var written: [String: Int] = [:]
        func insert(_ key: String, _ value: PythonValue) {
            if let index = positions[key] {
                entries[index].value = value
            } else {
                positions[key] = entries.count
                entries.append((key, value))
            }
        }
        for pair in pairs {
            guard let keyExpression = pair.key else {
                for entry in try unpacked(pair.value) { insert(entry.key, entry.value) }
                continue
            }
            let key = try evaluate(keyExpression)
            guard case .string(let name) = key else {
                if case .reference = key {
                    throw lexer.failure("a {{_base_.x}} reference cannot be a dictionary key", at: keyExpression.offset)
                }
                throw lexer.unsupported("\(key.typeName) dictionary key (keys must be strings)", at: keyExpression.offset)
            }
            if let first = written[name] {
                let position = SourcePosition(offset: first, in: lexer.bytes)
                throw lexer.failure(
                    "duplicate key '\(name)' (first at \(position.line):\(position.column))", at: keyExpression.offset)
            }
            written[name] = keyExpression.offset
            insert(name, try evaluate(pair.value))
        }
        return try located(expression) { () throws(PythonFault) in try PythonDict(entries) }
    }

    /// Runs `body`, giving a fault it throws the position of `expression`.
    private func located<T>(_ expression: PythonExpression, _ body: () throws(PythonFault) -> T) throws(ConfigError) -> T {
        do {
            return try body()
        } catch {
            throw error.at(expression.offset, lexer: lexer)
        }
    }
}

extension PythonFault {
    /// The fault as a config error at byte `offset` of the lexer's text.
    func at(_ offset: Int, lexer: PythonLexer) -> ConfigError {
        switch self {
        case .error(let message): lexer.failure(message, at: offset)
        case .unsupported(let construct): lexer.unsupported(construct, at: offset)
        }
    }
}
