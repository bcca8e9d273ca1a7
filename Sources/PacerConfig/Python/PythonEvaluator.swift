/// Runs a parsed Python config's statements and collects the names it binds, as MMCV
/// collects a config module's globals.
///
/// Evaluation is bounded: every step costs from a `PythonBudget`, every container and
/// string is size-checked before it is built, and recursion follows the parsed tree, whose
/// height the parser limits.
final class PythonEvaluator {
    let lexer: PythonLexer
    /// The steps left to this config.
    let budget = PythonBudget()
    /// The module's names, in the order Python's module dict keeps them.
    let globals = PythonMapping()
    /// The offset of the value each global name was last bound to, for errors about it.
    private(set) var bindings: [String: Int] = [:]
    /// The names comprehensions bind, innermost last.
    private var scopes: [[String: PythonValue]] = []

    init(lexer: PythonLexer) {
        self.lexer = lexer
    }

    /// Runs `statements` in order; a statement sees the names bound before it.
    func run(_ statements: [PythonStatement]) throws(ConfigError) {
        for statement in statements {
            try located(statement.offset) { () throws(PythonFault) in try budget.charge() }
            switch statement.kind {
            case .assign(let targets, let expression):
                let value = try evaluate(expression)
                for target in targets { try assign(value, to: target, valueOffset: expression.offset) }
            case .augmented(let target, let op, let expression):
                try augment(target, op, expression)
            case .expression(let expression):
                _ = try evaluate(expression)
            case .delete(let targets):
                for target in targets { try delete(target) }
            case .branch(let branches, let otherwise):
                var taken = false
                for branch in branches where try isTrue(branch.condition) {
                    try run(branch.body)
                    taken = true
                    break
                }
                if !taken { try run(otherwise) }
            case .pass:
                break
            }
        }
    }

    // MARK: Names and targets

    private func lookup(_ name: String, at offset: Int) throws(ConfigError) -> PythonValue {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        guard let value = globals[name] else {
            throw lexer.failure("name '\(name)' is not defined (a config can use only names assigned above)", at: offset)
        }
        return value
    }

    private func bind(_ name: String, _ value: PythonValue, valueOffset: Int) {
        if !scopes.isEmpty {
            scopes[scopes.count - 1][name] = value
            return
        }
        globals[name] = value
        bindings[name] = valueOffset
    }

    private func assign(_ value: PythonValue, to target: PythonTarget, valueOffset: Int) throws(ConfigError) {
        switch target {
        case .name(let name, _):
            bind(name, value, valueOffset: valueOffset)
        case .item(let containerExpression, let indexExpression, let offset):
            let container = try evaluate(containerExpression)
            let index = try evaluate(indexExpression)
            try located(offset) { () throws(PythonFault) in try Self.store(value, in: container, at: index) }
        case .unpack(let targets, let offset):
            let items = try located(offset) { () throws(PythonFault) in try PythonSemantics.items(of: value, budget: budget) }
            guard items.count == targets.count else {
                let message =
                    items.count > targets.count
                    ? "too many values to unpack (expected \(targets.count))"
                    : "not enough values to unpack (expected \(targets.count), got \(items.count))"
                throw lexer.failure(message, at: offset)
            }
            for (item, itemTarget) in zip(items, targets) { try assign(item, to: itemTarget, valueOffset: valueOffset) }
        }
    }

    /// `container[index] = value`.
    private static func store(_ value: PythonValue, in container: PythonValue, at index: PythonValue) throws(PythonFault) {
        switch container {
        case .list(let list):
            list.items[try PythonSubscript.position(index, count: list.items.count, of: container)] = value
        case .dict(let dict):
            dict[try PythonBuiltins.key(index)] = value
            try PythonValue.checkCount(dict.count)
        case .reference:
            throw PythonSemantics.referenceFault
        default:
            throw PythonFault.error("'\(container.typeName)' object does not support item assignment")
        }
    }

    private func delete(_ target: PythonTarget) throws(ConfigError) {
        switch target {
        case .name(let name, let offset):
            if !scopes.isEmpty, scopes[scopes.count - 1][name] != nil {
                scopes[scopes.count - 1][name] = nil
            } else if globals[name] != nil {
                globals[name] = nil
                bindings[name] = nil
            } else {
                throw lexer.failure("name '\(name)' is not defined", at: offset)
            }
        case .item(let containerExpression, let indexExpression, let offset):
            let container = try evaluate(containerExpression)
            let index = try evaluate(indexExpression)
            try located(offset) { () throws(PythonFault) in
                switch container {
                case .list(let list):
                    try budget.charge(list.items.count)
                    list.items.remove(at: try PythonSubscript.position(index, count: list.items.count, of: container))
                case .dict(let dict):
                    guard case .string(let key) = index, dict[key] != nil else {
                        throw PythonFault.error("KeyError: \(try PythonRepr.repr(index, budget: budget))")
                    }
                    try budget.charge(dict.count)
                    dict[key] = nil
                case .reference:
                    throw PythonSemantics.referenceFault
                default:
                    throw PythonFault.error("'\(container.typeName)' object doesn't support item deletion")
                }
            }
        case .unpack(let targets, _):
            for item in targets { try delete(item) }
        }
    }

    /// `target op= value`: a list's `+=` extends it in place, as in Python.
    private func augment(_ target: PythonTarget, _ op: PythonOperator, _ expression: PythonExpression) throws(ConfigError) {
        let current: PythonValue
        var container: PythonValue?
        var index: PythonValue?
        switch target {
        case .name(let name, let offset):
            current = try lookup(name, at: offset)
        case .item(let containerExpression, let indexExpression, let offset):
            let holder = try evaluate(containerExpression)
            let key = try evaluate(indexExpression)
            current = try located(offset) { () throws(PythonFault) in
                try PythonSubscript.item(of: holder, at: key, budget: budget)
            }
            container = holder
            index = key
        case .unpack(_, let offset):
            throw lexer.failure("illegal expression for augmented assignment", at: offset)
        }
        let operand = try evaluate(expression)
        let result = try located(expression.offset) { () throws(PythonFault) -> PythonValue in
            if case .list(let list) = current, op == .add {
                let items = try PythonSemantics.items(of: operand, budget: budget)
                try PythonValue.checkCount(list.items.count + items.count)
                list.items += items
                return current
            }
            return try PythonArithmetic.binary(op, current, operand, budget: budget)
        }
        if let container, let index {
            try located(target.offset) { () throws(PythonFault) in try Self.store(result, in: container, at: index) }
        } else {
            try assign(result, to: target, valueOffset: expression.offset)
        }
    }

    // MARK: Expressions

    /// Whether `expression`'s value is true.
    private func isTrue(_ expression: PythonExpression) throws(ConfigError) -> Bool {
        let value = try evaluate(expression)
        return try located(expression.offset) { () throws(PythonFault) in try PythonSemantics.isTrue(value) }
    }

    /// The value of `expression`.
    func evaluate(_ expression: PythonExpression) throws(ConfigError) -> PythonValue {
        try located(expression.offset) { () throws(PythonFault) in try budget.charge() }
        switch expression.kind {
        case .constant(let value):
            return value
        case .name(let name):
            return try lookup(name, at: expression.offset)
        case .reference(let keys):
            return .reference(keys: keys, offset: expression.offset)
        case .list(let items):
            let values = try evaluateAll(items)
            return try located(expression.offset) { () throws(PythonFault) in try PythonValue.newList(values) }
        case .tuple(let items):
            let values = try evaluateAll(items)
            return try located(expression.offset) { () throws(PythonFault) in try PythonValue.newTuple(values) }
        case .set(let items):
            let values = try evaluateAll(items)
            return .set(try located(expression.offset) { () throws(PythonFault) in try PythonBuiltins.newSet(values) })
        case .dict(let pairs):
            return .dict(try dictionary(pairs))
        case .starred(let operand):
            throw lexer.failure("cannot use starred expression here", at: operand.offset)
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            return try located(expression.offset) { () throws(PythonFault) in try PythonArithmetic.unary(op, value) }
        case .not(let operand):
            return .bool(!(try isTrue(operand)))
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left)
            let rhs = try evaluate(right)
            return try located(expression.offset) { () throws(PythonFault) in
                try PythonArithmetic.binary(op, lhs, rhs, budget: budget)
            }
        case .boolean(let isAnd, let operands):
            var value = PythonValue.none
            for operand in operands {
                value = try evaluate(operand)
                let truth = try located(operand.offset) { () throws(PythonFault) in try PythonSemantics.isTrue(value) }
                if truth != isAnd { return value }
            }
            return value
        case .comparison(let first, let rest):
            var lhs = try evaluate(first)
            for (op, operandExpression) in rest {
                let rhs = try evaluate(operandExpression)
                let holds = try located(expression.offset) { () throws(PythonFault) in try compare(op, lhs, rhs) }
                if !holds { return .bool(false) }
                lhs = rhs
            }
            return .bool(true)
        case .conditional(let condition, let then, let otherwise):
            return try evaluate(try isTrue(condition) ? then : otherwise)
        case .item(let container, let index):
            let value = try evaluate(container)
            if case .slice(let lower, let upper, let step) = index.kind {
                let bounds = (try lower.map(evaluate) ?? .none, try upper.map(evaluate) ?? .none, try step.map(evaluate) ?? .none)
                return try located(expression.offset) { () throws(PythonFault) in
                    try PythonSubscript.slice(of: value, bounds.0, bounds.1, bounds.2, budget: budget)
                }
            }
            let key = try evaluate(index)
            return try located(expression.offset) { () throws(PythonFault) in
                try PythonSubscript.item(of: value, at: key, budget: budget)
            }
        case .slice:
            throw lexer.unsupported("slice outside a subscript", at: expression.offset)
        case .call(let name, let arguments):
            if let bound = try? lookup(name, at: expression.offset) {
                throw lexer.failure("'\(bound.typeName)' object is not callable", at: expression.offset)
            }
            let evaluated = try evaluateArguments(arguments, function: "\(name)()")
            return try located(expression.offset) { () throws(PythonFault) in
                try PythonBuiltins.call(name, evaluated, budget: budget)
            }
        case .method(let receiverExpression, let name, let arguments):
            let receiver = try evaluate(receiverExpression)
            let evaluated = try evaluateArguments(arguments, function: "\(name)()")
            return try located(expression.offset) { () throws(PythonFault) in
                try PythonMethods.call(receiver, name, evaluated.positional, evaluated.keywords, budget: budget)
            }
        case .comprehension(let comprehension):
            return try comprehend(comprehension, at: expression.offset)
        case .formatted(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .literal(let literal):
                    text += literal
                case .field(let fieldExpression, let conversion, let spec):
                    let value = try evaluate(fieldExpression)
                    text += try located(fieldExpression.offset) { () throws(PythonFault) in
                        try PythonStringFormat.field(value, conversion: conversion, spec: spec, budget: budget)
                    }
                }
                try located(expression.offset) { () throws(PythonFault) in _ = try PythonValue.checked(text) }
            }
            return .string(text)
        }
    }

    /// `lhs op rhs` for one comparison operator.
    private func compare(_ op: PythonComparison, _ lhs: PythonValue, _ rhs: PythonValue) throws(PythonFault) -> Bool {
        switch op {
        case .equal: return try PythonSemantics.equal(lhs, rhs, budget: budget)
        case .notEqual: return !(try PythonSemantics.equal(lhs, rhs, budget: budget))
        case .isIn: return try PythonSemantics.contains(rhs, lhs, budget: budget)
        case .notIn: return !(try PythonSemantics.contains(rhs, lhs, budget: budget))
        case .identical: return try identical(lhs, rhs)
        case .notIdentical: return !(try identical(lhs, rhs))
        default: return try PythonSemantics.order(op, lhs, rhs, budget: budget)
        }
    }

    /// `lhs is rhs`: defined for `None`, `True`, `False` and shared containers; between
    /// numbers or strings Python's answer depends on its implementation, so it is refused.
    private func identical(_ lhs: PythonValue, _ rhs: PythonValue) throws(PythonFault) -> Bool {
        switch (lhs, rhs) {
        case (.reference, _), (_, .reference): throw PythonSemantics.referenceFault
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.none, _), (_, .none), (.bool, _), (_, .bool): return false
        case (.list(let a), .list(let b)): return a === b
        case (.dict(let a), .dict(let b)): return a === b
        case (.set(let a), .set(let b)): return a === b
        case (.list, _), (.dict, _), (.set, _), (_, .list), (_, .dict), (_, .set): return false
        default:
            throw PythonFault.unsupported("'is' between \(lhs.typeName) and \(rhs.typeName) values (use '==')")
        }
    }

    /// The items of a list, tuple or set display, `*items` spliced in.
    private func evaluateAll(_ items: [PythonExpression]) throws(ConfigError) -> [PythonValue] {
        var values: [PythonValue] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard case .starred(let operand) = item.kind else {
                values.append(try evaluate(item))
                continue
            }
            let spliced = try evaluate(operand)
            values += try located(item.offset) { () throws(PythonFault) in
                let items = try PythonSemantics.items(of: spliced, budget: budget)
                try PythonValue.checkCount(values.count + items.count)
                return items
            }
        }
        return values
    }

    /// The evaluated arguments of a call.
    private func evaluateArguments(_ arguments: [PythonArgument], function: String) throws(ConfigError)
        -> PythonArguments
    {
        var result = PythonArguments(function: function, positional: [], keywords: [])
        for argument in arguments {
            let value = try evaluate(argument.value)
            switch argument.kind {
            case .positional:
                result.positional.append(value)
            case .keyword(let name):
                result.keywords.append((name, value))
            case .unpackedIterable:
                result.positional += try located(argument.value.offset) { () throws(PythonFault) in
                    try PythonSemantics.items(of: value, budget: budget)
                }
            case .unpackedMapping:
                guard case .dict(let mapping) = value else {
                    throw lexer.failure(
                        "\(function) argument after ** must be a mapping, not \(value.typeName)", at: argument.value.offset)
                }
                for entry in mapping.entries {
                    if result.keywords.contains(where: { $0.name == entry.key }) {
                        throw lexer.failure(
                            "\(function) got multiple values for keyword argument '\(entry.key)'", at: argument.value.offset)
                    }
                    result.keywords.append((entry.key, entry.value))
                }
            }
        }
        return result
    }

    /// `{'k': v, **other}`: keys must be strings; a key written twice is an error, one
    /// coming again through `**` replaces the value, as in Python.
    private func dictionary(_ pairs: [(key: PythonExpression?, value: PythonExpression)]) throws(ConfigError)
        -> PythonMapping
    {
        let mapping = PythonMapping()
        var written: [String: Int] = [:]
        for pair in pairs {
            guard let keyExpression = pair.key else {
                let value = try evaluate(pair.value)
                guard case .dict(let other) = value else {
                    throw lexer.failure("'\(value.typeName)' object is not a mapping", at: pair.value.offset)
                }
                for entry in other.entries { mapping[entry.key] = entry.value }
                try located(pair.value.offset) { () throws(PythonFault) in try PythonValue.checkCount(mapping.count) }
                continue
            }
            let key = try evaluate(keyExpression)
            let name = try located(keyExpression.offset) { () throws(PythonFault) in try PythonBuiltins.key(key) }
            if let first = written[name] {
                let position = SourcePosition(offset: first, in: lexer.bytes)
                throw lexer.failure(
                    "duplicate key '\(name)' (first at \(position.line):\(position.column))", at: keyExpression.offset)
            }
            written[name] = keyExpression.offset
            mapping[name] = try evaluate(pair.value)
            try located(keyExpression.offset) { () throws(PythonFault) in try PythonValue.checkCount(mapping.count) }
        }
        return mapping
    }

    // MARK: Comprehensions

    /// The list, set, dict or generator a comprehension builds.
    private func comprehend(_ comprehension: PythonComprehension, at offset: Int) throws(ConfigError) -> PythonValue {
        var items: [PythonValue] = []
        let mapping = PythonMapping()
        scopes.append([:])
        defer { scopes.removeLast() }
        try loop(comprehension, clause: 0, offset: offset) { () throws(ConfigError) in
            if comprehension.result == .dict, let valueExpression = comprehension.value {
                let key = try evaluate(comprehension.element)
                let name = try located(comprehension.element.offset) { () throws(PythonFault) in try PythonBuiltins.key(key) }
                mapping[name] = try evaluate(valueExpression)
                try located(offset) { () throws(PythonFault) in try PythonValue.checkCount(mapping.count) }
            } else {
                items.append(try evaluate(comprehension.element))
                try located(offset) { () throws(PythonFault) in try PythonValue.checkCount(items.count) }
            }
        }
        return try located(offset) { () throws(PythonFault) -> PythonValue in
            switch comprehension.result {
            case .list: return .list(PythonList(items))
            case .set: return .set(try PythonBuiltins.newSet(items))
            case .generator: return .iterator(kind: "generator", items: items)
            case .dict: return .dict(mapping)
            }
        }
    }

    /// Runs the clauses from `clause` on, calling `body` for each pass through them all.
    private func loop(
        _ comprehension: PythonComprehension, clause: Int, offset: Int, body: () throws(ConfigError) -> Void
    ) throws(ConfigError) {
        guard clause < comprehension.clauses.count else { return try body() }
        switch comprehension.clauses[clause] {
        case .filter(let condition):
            if try isTrue(condition) { try loop(comprehension, clause: clause + 1, offset: offset, body: body) }
        case .loop(let target, let iterableExpression):
            // The first iterable is evaluated in the enclosing scope, as in Python.
            let iterable: PythonValue
            if clause == 0 {
                let inner = scopes.removeLast()
                defer { scopes.append(inner) }
                iterable = try evaluate(iterableExpression)
            } else {
                iterable = try evaluate(iterableExpression)
            }
            let items = try located(iterableExpression.offset) { () throws(PythonFault) in
                try PythonSemantics.items(of: iterable, budget: budget)
            }
            for item in items {
                try assign(item, to: target, valueOffset: target.offset)
                try loop(comprehension, clause: clause + 1, offset: offset, body: body)
            }
        }
    }

    /// Runs `body`, giving a fault it throws the position `offset`.
    private func located<T>(_ offset: Int, _ body: () throws(PythonFault) -> T) throws(ConfigError) -> T {
        do {
            return try body()
        } catch {
            throw error.at(offset, lexer: lexer)
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
