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

    /// An item of a list or tuple display: an expression, or `*expression`.
    mutating func parseItem() throws(ConfigError) -> PythonExpression {
        guard token.isOp("*") else { return try parseExpression() }
        let start = token.offset
        try advance()
        let value = try parseSum()
        return try make(.starred(value), at: start, operands: [value])
    }

    /// Whether the current token can start an expression.
    var startsExpression: Bool {
        switch token.kind {
        case .name, .int, .float, .string, .brace: return true
        case .keyword(let word): return ["True", "False", "None", "not", "lambda", "await", "yield"].contains(word)
        case .op(let op): return ["(", "[", "{", "-", "+", "~", "*", "**", "..."].contains(op)
        case .newline, .end: return false
        }
    }

    /// One expression. Conditional expressions, lambdas and `:=` are unsupported.
    mutating func parseExpression() throws(ConfigError) -> PythonExpression {
        if token.isKeyword("lambda") { throw unsupported("lambda") }
        if token.isKeyword("yield") { throw unsupported("yield") }
        let value = try parseBooleanLevel()
        if token.isKeyword("if") { throw unsupported("conditional expression") }
        if token.isOp(":=") { throw unsupported("assignment expression") }
        return value
    }

    /// `not`, `and`, `or`, comparisons and bitwise operators are all unsupported; what is
    /// left at this level is a sum.
    private mutating func parseBooleanLevel() throws(ConfigError) -> PythonExpression {
        if token.isKeyword("not") { throw unsupported("'not' operator") }
        let value = try parseSum()
        switch token.kind {
        case .keyword(let word) where word == "and" || word == "or":
            throw unsupported("boolean operator '\(word)'")
        case .keyword("in"), .keyword("is"), .keyword("not"):
            throw unsupported("comparison")
        case .op(let op) where ["<", ">", "==", ">=", "<=", "!="].contains(op):
            throw unsupported("comparison")
        case .op(let op) where ["|", "^", "&", "<<", ">>"].contains(op):
            throw unsupported("'\(op)' operator")
        default:
            return value
        }
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
        try advance()
        let exponent = try parseFactor()
        return try make(.binary(.power, base, exponent), at: offset, operands: [base, exponent])
    }

    /// An atom and its trailers; the only trailer allowed is the call in `dict(...)`.
    private mutating func parsePrimary() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        var value = try parseAtom()
        while case .op(let op) = token.kind {
            switch op {
            case "(":
                guard case .name(let callee) = value.kind else { throw unsupported("call", at: start) }
                guard callee == "dict" else { throw unsupported("call to \(callee)()", at: start) }
                value = try parseDictCall(at: start)
            case "[":
                throw unsupported("subscript")
            case ".":
                throw unsupported("attribute access")
            default:
                return value
            }
        }
        return value
    }
}
