/// Parses a Python config's statements into expressions, refusing every construct outside
/// the literal subset with `unsupported Python construct '...'` at the place it starts.
struct PythonParser {
    var lexer: PythonLexer
    /// The current token.
    var token: PythonToken

    init(lexer: PythonLexer) throws(ConfigError) {
        self.lexer = lexer
        token = try self.lexer.next()
    }

    /// Every statement up to the end of the text.
    mutating func parseModule() throws(ConfigError) -> [PythonStatement] {
        var statements: [PythonStatement] = []
        while token.kind != .end {
            if token.kind == .newline {
                try advance()
                continue
            }
            statements.append(try parseStatement())
        }
        return statements
    }

    /// `name = name = value`, or an expression statement, ended by a newline or `;`.
    private mutating func parseStatement() throws(ConfigError) -> PythonStatement {
        if case .keyword(let word) = token.kind, let construct = Self.statementKeywords[word] {
            throw unsupported(construct)
        }
        if token.isOp("@") { throw unsupported("decorator") }
        var targets: [(name: String, offset: Int)] = []
        var value = try parseExpressionList()
        while token.isOp("=") {
            targets.append((try assignmentTarget(value), value.offset))
            try advance()
            value = try parseExpressionList()
        }
        if case .op(let op) = token.kind, op.count >= 2, op.hasSuffix("="), !["==", "<=", ">=", "!="].contains(op) {
            throw unsupported("augmented assignment '\(op)'")
        }
        if token.isOp(":") { throw unsupported("annotated assignment") }
        if token.isOp(";") {
            try advance()
            if token.kind == .newline { try advance() }
            return PythonStatement(targets: targets, value: value)
        }
        guard token.kind == .newline || token.kind == .end else {
            throw failure("expected the end of the statement, found \(found)")
        }
        if token.kind == .newline { try advance() }
        return PythonStatement(targets: targets, value: value)
    }

    /// The name `target` assigns to; only plain names can be assigned.
    private func assignmentTarget(_ target: PythonExpression) throws(ConfigError) -> String {
        switch target.kind {
        case .name(let name): return name
        case .tuple, .list: throw unsupported("unpacking assignment", at: target.offset)
        case .constant, .reference: throw failure("cannot assign to literal", at: target.offset)
        default: throw failure("cannot assign to expression", at: target.offset)
        }
    }

    /// The statements Python has and configs do not use, by their first keyword.
    private static let statementKeywords: [String: String] = [
        "import": "import", "from": "import", "def": "function definition", "class": "class definition",
        "if": "'if' statement", "elif": "'elif' statement", "else": "'else' statement",
        "for": "'for' statement", "while": "'while' statement", "with": "'with' statement",
        "try": "'try' statement", "except": "'except' clause", "finally": "'finally' clause",
        "async": "'async' statement", "del": "'del' statement", "pass": "'pass' statement",
        "break": "'break' statement", "continue": "'continue' statement", "return": "'return' statement",
        "raise": "'raise' statement", "global": "'global' statement", "nonlocal": "'nonlocal' statement",
        "assert": "'assert' statement",
    ]

    // MARK: Tokens

    mutating func advance() throws(ConfigError) {
        token = try lexer.next()
    }

    /// Steps over the operator `text`, or fails with `message` (`found X` appended).
    mutating func expect(_ text: String, _ message: String) throws(ConfigError) {
        guard token.isOp(text) else { throw failure("\(message), found \(found)") }
        try advance()
    }

    /// The current token as messages show it: `'x'`, `end of line`, `end of file`.
    var found: String {
        switch token.kind {
        case .newline: return "end of line"
        case .end: return "end of file"
        default:
            let text = String(decoding: lexer.bytes[token.offset..<token.end], as: UTF8.self)
            let line = text.prefix { $0 != "\n" && $0 != "\r" }
            let shown = line.count > 40 ? line.prefix(40) + "..." : line
            if case .string = token.kind { return String(shown) }
            return "'" + shown + "'"
        }
    }

    /// An expression of `kind` at `offset`, or an error when it nests too deeply.
    func make(
        _ kind: PythonExpression.Kind, at offset: Int, operands: [PythonExpression] = []
    ) throws(ConfigError) -> PythonExpression {
        guard let expression = PythonExpression(kind, at: offset, operands: operands) else {
            throw failure(
                "expression too complex: more than \(PythonExpression.maxHeight) nested operations or brackets",
                at: offset)
        }
        return expression
    }

    func unsupported(_ construct: String, at offset: Int? = nil) -> ConfigError {
        lexer.unsupported(construct, at: offset ?? token.offset)
    }

    func failure(_ message: String, at offset: Int? = nil) -> ConfigError {
        lexer.failure(message, at: offset ?? token.offset)
    }
}
