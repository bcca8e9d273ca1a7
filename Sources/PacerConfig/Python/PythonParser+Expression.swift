extension PythonParser {
    /// `a` or `a, b, ...` (a tuple without brackets), as on the right of `=`.
    mutating func parseExpressionList() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        let first = try parseItem()
        guard token.isOp(",") else {
            if case .starred = first.kind { throw failure("cannot use starred expression here", at: first.offset) }
            return first
        }
        var items = [first]
        while token.isOp(",") {
            try advance()
            guard startsExpression else { break }
            items.append(try parseItem())
        }
        return try make(.tuple(items), at: start, operands: items)
    }

    /// An item of a list, tuple or set display: an expression, or `*expression`.
    mutating func parseItem() throws(ConfigError) -> PythonExpression {
        guard token.isOp("*") else { return try parseExpression() }
        let start = token.offset
        try advance()
        let value = try parseOr()
        return try make(.starred(value), at: start, operands: [value])
    }

    /// Whether the current token can start an expression.
    var startsExpression: Bool {
        switch token.kind {
        case .name, .int, .float, .string, .formatString, .brace: return true
        case .keyword(let word): return ["True", "False", "None", "not", "lambda", "await", "yield"].contains(word)
        case .op(let op): return ["(", "[", "{", "-", "+", "~", "*", "**", "..."].contains(op)
        case .newline, .end, .indent, .dedent: return false
        }
    }

    /// One expression: `a if c else b`, or a boolean expression.
    mutating func parseExpression() throws(ConfigError) -> PythonExpression {
        try enter()
        defer { nesting -= 1 }
        if token.isKeyword("lambda") { throw unsupported("lambda") }
        if token.isKeyword("yield") { throw unsupported("yield") }
        let value = try parseOr()
        if token.isOp(":=") { throw unsupported("assignment expression") }
        guard token.isKeyword("if") else { return value }
        let offset = token.offset
        try advance()
        let condition = try parseOr()
        guard token.isKeyword("else") else { throw failure("expected 'else' after 'if' expression, found \(found)") }
        try advance()
        let otherwise = try parseExpression()
        return try make(
            .conditional(condition: condition, then: value, otherwise: otherwise), at: offset,
            operands: [condition, value, otherwise])
    }

    /// `a or b or c`.
    mutating func parseOr() throws(ConfigError) -> PythonExpression {
        try parseBoolean(isAnd: false)
    }

    /// `a and b` (`isAnd`) or `a or b`, operands one level tighter.
    private mutating func parseBoolean(isAnd: Bool) throws(ConfigError) -> PythonExpression {
        let first = isAnd ? try parseNot() : try parseBoolean(isAnd: true)
        let word = isAnd ? "and" : "or"
        guard token.isKeyword(word) else { return first }
        let offset = token.offset
        var operands = [first]
        while token.isKeyword(word) {
            try advance()
            operands.append(isAnd ? try parseNot() : try parseBoolean(isAnd: true))
        }
        return try make(.boolean(isAnd: isAnd, operands), at: offset, operands: operands)
    }

    /// `not a`, or a comparison.
    private mutating func parseNot() throws(ConfigError) -> PythonExpression {
        guard token.isKeyword("not") else { return try parseComparison() }
        let offset = token.offset
        try enter()
        defer { nesting -= 1 }
        try advance()
        let operand = try parseNot()
        return try make(.not(operand), at: offset, operands: [operand])
    }

    /// `a < b == c`, `a in b`, `a is not None`.
    private mutating func parseComparison() throws(ConfigError) -> PythonExpression {
        let first = try parseBitwise()
        var rest: [(op: PythonComparison, operand: PythonExpression)] = []
        var operands = [first]
        let offset = token.offset
        while let op = try comparisonOperator() {
            let operand = try parseBitwise()
            rest.append((op, operand))
            operands.append(operand)
        }
        guard !rest.isEmpty else { return first }
        return try make(.comparison(first, rest), at: offset, operands: operands)
    }

    /// The comparison operator at the current token, stepped over; `nil` when there is none.
    private mutating func comparisonOperator() throws(ConfigError) -> PythonComparison? {
        switch token.kind {
        case .op(let op):
            guard let comparison = PythonComparison(rawValue: op) else { return nil }
            try advance()
            return comparison
        case .keyword("in"):
            try advance()
            return .isIn
        case .keyword("not"):
            try advance()
            guard token.isKeyword("in") else { throw failure("expected 'in' after 'not', found \(found)") }
            try advance()
            return .notIn
        case .keyword("is"):
            try advance()
            guard token.isKeyword("not") else { return .identical }
            try advance()
            return .notIdentical
        default:
            return nil
        }
    }

    /// Bitwise operators are unsupported; what is left at this level is a sum.
    private mutating func parseBitwise() throws(ConfigError) -> PythonExpression {
        let value = try parseSum()
        if case .op(let op) = token.kind, ["|", "^", "&", "<<", ">>"].contains(op) {
            throw unsupported("'\(op)' operator")
        }
        return value
    }

    /// `a + b - c`.
    mutating func parseSum() throws(ConfigError) -> PythonExpression {
        var left = try parseTerm()
        while case .op(let op) = token.kind, let binary = PythonOperator(rawValue: op), binary == .add || binary == .subtract {
            let offset = token.offset
            try advance()
            let right = try parseTerm()
            left = try make(.binary(binary, left, right), at: offset, operands: [left, right])
        }
        return left
    }

    /// `a * b / c // d % e`.
    private mutating func parseTerm() throws(ConfigError) -> PythonExpression {
        var left = try parseFactor()
        while case .op(let op) = token.kind {
            if op == "@" { throw unsupported("matrix multiplication") }
            guard let binary = PythonOperator(rawValue: op), [.multiply, .divide, .floorDivide, .modulo].contains(binary)
            else { break }
            let offset = token.offset
            try advance()
            let right = try parseFactor()
            left = try make(.binary(binary, left, right), at: offset, operands: [left, right])
        }
        return left
    }

    /// `-a`, `+a`, or a power.
    private mutating func parseFactor() throws(ConfigError) -> PythonExpression {
        if token.isOp("~") { throw unsupported("'~' operator") }
        guard token.isOp("-") || token.isOp("+") else { return try parsePower() }
        let offset = token.offset
        let op: PythonOperator = token.isOp("-") ? .subtract : .add
        try enter()
        defer { nesting -= 1 }
        try advance()
        let operand = try parseFactor()
        return try make(.unary(op, operand), at: offset, operands: [operand])
    }

    /// `a ** b`, right-associative and binding tighter than a unary minus on its left.
    private mutating func parsePower() throws(ConfigError) -> PythonExpression {
        if token.isKeyword("await") { throw unsupported("await") }
        let base = try parsePrimary()
        guard token.isOp("**") else { return base }
        let offset = token.offset
        try enter()
        defer { nesting -= 1 }
        try advance()
        let exponent = try parseFactor()
        return try make(.binary(.power, base, exponent), at: offset, operands: [base, exponent])
    }

    /// An atom and its trailers: subscripts, calls of built-ins, and method calls.
    private mutating func parsePrimary() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        var value = try parseAtom()
        while case .op(let op) = token.kind {
            switch op {
            case "(":
                guard case .name(let callee) = value.kind else { throw unsupported("call", at: start) }
                guard PythonBuiltins.names.contains(callee) else { throw unsupported("call to \(callee)()", at: start) }
                let arguments = try parseArguments()
                value = try make(.call(callee, arguments), at: start, operands: arguments.map(\.value))
            case "[":
                let offset = token.offset
                try advance()
                let index = try parseSubscriptIndex()
                try expect("]", "expected ']' after a subscript")
                value = try make(.item(value, index), at: offset, operands: [value, index])
            case ".":
                let offset = token.offset
                try advance()
                guard case .name(let name) = token.kind else { throw failure("expected a name after '.', found \(found)") }
                try advance()
                guard token.isOp("(") else { throw unsupported("attribute access", at: offset) }
                let arguments = try parseArguments()
                value = try make(.method(value, name, arguments), at: offset, operands: [value] + arguments.map(\.value))
            default:
                return value
            }
        }
        return value
    }

    /// The index inside `[...]`: an expression, a slice `a:b:c`, or a tuple of them.
    private mutating func parseSubscriptIndex() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        let first = try parseSliceOrExpression()
        guard token.isOp(",") else { return first }
        var items = [first]
        while token.isOp(",") {
            try advance()
            if token.isOp("]") { break }
            items.append(try parseSliceOrExpression())
        }
        return try make(.tuple(items), at: start, operands: items)
    }

    /// `a`, or a slice `a:b`, `a:b:c` with any part left out.
    private mutating func parseSliceOrExpression() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        var lower: PythonExpression?
        if !token.isOp(":") {
            let value = try parseExpression()
            guard token.isOp(":") else { return value }
            lower = value
        }
        try advance()
        var upper: PythonExpression?
        if !token.isOp(":") && !token.isOp("]") && !token.isOp(",") { upper = try parseExpression() }
        var step: PythonExpression?
        if token.isOp(":") {
            try advance()
            if !token.isOp("]") && !token.isOp(",") { step = try parseExpression() }
        }
        let operands = [lower, upper, step].compactMap { $0 }
        return try make(.slice(lower, upper, step), at: start, operands: operands)
    }

    /// The arguments of a call, from its `(` to its `)`: positional, `name=value`, `*a`,
    /// `**m`, or one generator expression.
    mutating func parseArguments() throws(ConfigError) -> [PythonArgument] {
        try advance()
        var arguments: [PythonArgument] = []
        while !token.isOp(")") {
            let argument: PythonArgument
            if token.isOp("*") || token.isOp("**") {
                let kind: PythonArgument.Kind = token.isOp("*") ? .unpackedIterable : .unpackedMapping
                try advance()
                argument = PythonArgument(kind: kind, value: try parseExpression())
            } else {
                let value = try parseExpression()
                if token.isKeyword("for") || token.isKeyword("async") {
                    guard arguments.isEmpty else {
                        throw failure("generator expression must be parenthesized", at: value.offset)
                    }
                    let generator = try parseComprehension(.generator, element: value, value: nil, at: value.offset)
                    guard token.isOp(")") else {
                        throw failure("generator expression must be parenthesized", at: value.offset)
                    }
                    arguments.append(PythonArgument(kind: .positional, value: generator))
                    continue
                }
                if token.isOp("=") {
                    guard case .name(let name) = value.kind else {
                        throw failure("expected a keyword name before '='", at: value.offset)
                    }
                    if arguments.contains(where: { if case .keyword(name) = $0.kind { true } else { false } }) {
                        throw failure("keyword argument repeated: '\(name)'", at: value.offset)
                    }
                    try advance()
                    argument = PythonArgument(kind: .keyword(name), value: try parseExpression())
                } else {
                    if arguments.contains(where: {
                        switch $0.kind {
                        case .keyword, .unpackedMapping: true
                        default: false
                        }
                    }) {
                        throw failure("positional argument follows keyword argument", at: value.offset)
                    }
                    argument = PythonArgument(kind: .positional, value: value)
                }
            }
            arguments.append(argument)
            guard token.isOp(")") else {
                try expect(",", "expected ',' or ')' after an argument")
                continue
            }
        }
        try advance()
        return arguments
    }

    /// The `for ... in ...` and `if ...` clauses after `element` (and `value`, for a dict).
    mutating func parseComprehension(
        _ result: PythonComprehension.Result, element: PythonExpression, value: PythonExpression?, at start: Int
    ) throws(ConfigError) -> PythonExpression {
        var clauses: [PythonComprehension.Clause] = []
        var operands = [element] + (value.map { [$0] } ?? [])
        while true {
            if token.isKeyword("async") { throw unsupported("asynchronous comprehension") }
            if token.isKeyword("for") {
                try advance()
                let targetStart = token.offset
                var items = [try parseTargetItem()]
                while token.isOp(",") {
                    try advance()
                    if token.isKeyword("in") { break }
                    items.append(try parseTargetItem())
                }
                let targetExpression =
                    items.count == 1 ? items[0] : try make(.tuple(items), at: targetStart, operands: items)
                let target = try comprehensionTarget(targetExpression)
                guard token.isKeyword("in") else { throw failure("expected 'in' in a comprehension, found \(found)") }
                try advance()
                let iterable = try parseOr()
                clauses.append(.loop(target, iterable))
                operands += [targetExpression, iterable]
            } else if token.isKeyword("if") {
                try advance()
                let condition = try parseOr()
                clauses.append(.filter(condition))
                operands.append(condition)
            } else {
                break
            }
        }
        let comprehension = PythonComprehension(result: result, element: element, value: value, clauses: clauses)
        return try make(.comprehension(comprehension), at: start, operands: operands)
    }

    /// One name of a `for` target: parsed without comparisons so `in` is left.
    private mutating func parseTargetItem() throws(ConfigError) -> PythonExpression {
        try enter()
        defer { nesting -= 1 }
        return try parseSum()
    }

    /// A comprehension's target: names, possibly unpacked.
    private func comprehensionTarget(_ expression: PythonExpression) throws(ConfigError) -> PythonTarget {
        switch expression.kind {
        case .name(let name):
            return .name(name, offset: expression.offset)
        case .tuple(let items), .list(let items):
            var targets: [PythonTarget] = []
            for item in items { targets.append(try comprehensionTarget(item)) }
            return .unpack(targets, offset: expression.offset)
        default:
            throw unsupported("comprehension target other than names", at: expression.offset)
        }
    }
}
