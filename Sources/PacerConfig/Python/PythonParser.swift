/// Parses a Python config's statements into expressions, refusing every construct outside
/// the subset with `unsupported Python construct '...'` at the place it starts.
///
/// Nesting is checked before each recursive step (`enter()`), so no text can overflow the
/// stack: a chain of unary minus signs or `**` fails with one line like deep brackets do.
struct PythonParser {
    /// The deepest recursion of the parser, in nested expressions.
    static let maxNesting = PythonExpression.maxHeight

    var lexer: PythonLexer
    /// The current token.
    var token: PythonToken
    /// How deep the parser has recursed.
    var nesting = 0

    init(lexer: PythonLexer) throws(ConfigError) {
        self.lexer = lexer
        token = try self.lexer.next()
    }

    /// Every statement up to the end of the text.
    mutating func parseModule() throws(ConfigError) -> [PythonStatement] {
        var statements: [PythonStatement] = []
        while true {
            switch token.kind {
            case .end: return statements
            case .newline: try advance()
            case .indent: throw failure("unexpected indent (statements start at the beginning of a line)")
            default: statements += try parseStatement()
            }
        }
    }

    /// One line's statements (`a = 1; b = 2`), or one `if` statement with its blocks.
    private mutating func parseStatement() throws(ConfigError) -> [PythonStatement] {
        if token.isKeyword("if") { return [try parseIf()] }
        var statements = [try parseSimpleStatement()]
        while token.isOp(";") {
            try advance()
            if token.endsLine { break }
            statements.append(try parseSimpleStatement())
        }
        guard token.endsLine else { throw failure("expected the end of the statement, found \(found)") }
        if case .newline = token.kind { try advance() }
        return statements
    }

    /// `if c: block` with its `elif` and `else` parts.
    private mutating func parseIf() throws(ConfigError) -> PythonStatement {
        let start = token.offset
        var branches: [(condition: PythonExpression, body: [PythonStatement])] = []
        var otherwise: [PythonStatement] = []
        repeat {
            try advance()
            let condition = try parseExpression()
            branches.append((condition, try parseBlock()))
        } while token.isKeyword("elif")
        if token.isKeyword("else") {
            try advance()
            otherwise = try parseBlock()
        }
        return PythonStatement(kind: .branch(branches, otherwise: otherwise), offset: start)
    }

    /// `: statements` on the same line, or `:` then an indented block.
    private mutating func parseBlock() throws(ConfigError) -> [PythonStatement] {
        try expect(":", "expected ':'")
        guard case .newline = token.kind else { return try parseStatement() }
        try advance()
        guard case .indent = token.kind else { throw failure("expected an indented block") }
        try enter()
        defer { nesting -= 1 }
        try advance()
        var body: [PythonStatement] = []
        while true {
            switch token.kind {
            case .dedent:
                try advance()
                return body
            case .end:
                return body
            case .indent:
                throw failure("unexpected indent")
            case .newline:
                try advance()
            default:
                body += try parseStatement()
            }
        }
    }

    /// An assignment, an augmented assignment, `del`, `pass`, or an expression.
    private mutating func parseSimpleStatement() throws(ConfigError) -> PythonStatement {
        let start = token.offset
        if case .keyword(let word) = token.kind {
            switch word {
            case "pass":
                try advance()
                return PythonStatement(kind: .pass, offset: start)
            case "del":
                try advance()
                var targets: [PythonTarget] = []
                repeat {
                    if token.isOp(",") { try advance() }
                    if token.endsLine || token.isOp(";") { break }
                    targets.append(try target(from: try parseOr(), deleting: true))
                } while token.isOp(",")
                guard !targets.isEmpty else { throw failure("expected a name after 'del'") }
                return PythonStatement(kind: .delete(targets), offset: start)
            default:
                if let construct = Self.statementKeywords[word] { throw unsupported(construct) }
            }
        }
        if token.isOp("@") { throw unsupported("decorator") }
        var value = try parseExpressionList()
        if case .op(let op) = token.kind, op.count >= 2, op.hasSuffix("="), !["==", "<=", ">=", "!="].contains(op) {
            guard let binary = PythonOperator(rawValue: String(op.dropLast())) else {
                throw unsupported("augmented assignment '\(op)'")
            }
            let assigned = try target(from: value, deleting: false)
            if case .unpack = assigned { throw failure("illegal expression for augmented assignment", at: value.offset) }
            try advance()
            let operand = try parseExpressionList()
            return PythonStatement(kind: .augmented(assigned, binary, operand), offset: start)
        }
        if token.isOp(":") { throw unsupported("annotated assignment") }
        var targets: [PythonTarget] = []
        while token.isOp("=") {
            targets.append(try target(from: value, deleting: false))
            try advance()
            value = try parseExpressionList()
        }
        if targets.isEmpty { return PythonStatement(kind: .expression(value), offset: start) }
        return PythonStatement(kind: .assign(targets, value), offset: start)
    }

    /// What `expression` assigns to (or deletes): a name, a subscript, or names unpacked.
    private func target(from expression: PythonExpression, deleting: Bool) throws(ConfigError) -> PythonTarget {
        switch expression.kind {
        case .name(let name):
            return .name(name, offset: expression.offset)
        case .item(let container, let index):
            if case .slice = index.kind { throw unsupported("slice assignment", at: expression.offset) }
            return .item(container, index, offset: expression.offset)
        case .tuple(let items), .list(let items):
            var targets: [PythonTarget] = []
            for item in items {
                if case .starred = item.kind { throw unsupported("starred assignment", at: item.offset) }
                targets.append(try target(from: item, deleting: deleting))
            }
            return .unpack(targets, offset: expression.offset)
        case .constant, .reference:
            throw failure(deleting ? "cannot delete literal" : "cannot assign to literal", at: expression.offset)
        case .call, .method:
            throw failure(deleting ? "cannot delete function call" : "cannot assign to function call", at: expression.offset)
        default:
            throw failure(deleting ? "cannot delete expression" : "cannot assign to expression", at: expression.offset)
        }
    }

    /// The statements Python has and configs do not use, by their first keyword.
    private static let statementKeywords: [String: String] = [
        "import": "import", "from": "import", "def": "function definition", "class": "class definition",
        "elif": "'elif' without 'if'", "else": "'else' without 'if'",
        "for": "'for' statement", "while": "'while' statement", "with": "'with' statement",
        "try": "'try' statement", "except": "'except' clause", "finally": "'finally' clause",
        "async": "'async' statement", "break": "'break' statement", "continue": "'continue' statement",
        "return": "'return' statement", "raise": "'raise' statement", "global": "'global' statement",
        "nonlocal": "'nonlocal' statement", "assert": "'assert' statement",
    ]

    // MARK: Tokens

    mutating func advance() throws(ConfigError) {
        token = try lexer.next()
    }

    /// One level deeper, or an error when the parser would recurse past `maxNesting`.
    mutating func enter() throws(ConfigError) {
        guard nesting < Self.maxNesting else {
            throw failure("expression too complex: more than \(PythonExpression.maxHeight) nested operations or brackets")
        }
        nesting += 1
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
        case .indent: return "an indented line"
        case .dedent: return "the end of a block"
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
