extension PythonParser {
    /// A name, a literal, a reference, or a bracketed display.
    mutating func parseAtom() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        switch token.kind {
        case .name(let name):
            try advance()
            return try make(.name(name), at: start)
        case .keyword("True"), .keyword("False"):
            let value = token.isKeyword("True")
            try advance()
            return try make(.constant(.bool(value)), at: start)
        case .keyword("None"):
            try advance()
            return try make(.constant(.none), at: start)
        case .int(let value):
            try advance()
            return try make(.constant(.int(value)), at: start)
        case .float(let value):
            try advance()
            return try make(.constant(.float(value)), at: start)
        case .string:
            return try make(.constant(.string(try parseStrings())), at: start)
        case .brace(let brace):
            return try parseBrace(brace)
        case .op("("):
            return try parseParenthesized()
        case .op("["):
            return try parseList()
        case .op("{"):
            return try parseBraces()
        case .op("..."):
            throw unsupported("Ellipsis")
        default:
            throw failure("expected a value, found \(found)")
        }
    }

    /// Adjacent string literals, joined as Python joins them.
    private mutating func parseStrings() throws(ConfigError) -> String {
        var text = ""
        while case .string(let part) = token.kind {
            text += part
            guard text.utf8.count <= PythonValue.maxStringBytes else {
                throw failure("string longer than \(PythonValue.maxStringBytes) bytes")
            }
            try advance()
        }
        return text
    }

    /// `{{ _base_.a.b }}` (a reference), or `{{ fileDirname }}` standing alone (its value).
    private mutating func parseBrace(_ brace: BraceExpression) throws(ConfigError) -> PythonExpression {
        let start = token.offset
        let text = String(decoding: lexer.bytes[token.offset..<token.end], as: UTF8.self)
        try advance()
        switch brace {
        case .baseReference(let keys):
            guard !keys.contains(where: \.isEmpty) else { throw failure("\(text) has an empty key", at: start) }
            return try make(.reference(keys), at: start)
        case .variable(let name):
            return try make(.constant(.string(lexer.variables?.value(of: name) ?? text)), at: start)
        }
    }

    /// `(a)`, `()`, `(a,)`, `(a, b)`.
    private mutating func parseParenthesized() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        try advance()
        if token.isOp(")") {
            try advance()
            return try make(.tuple([]), at: start)
        }
        let first = try parseItem()
        if token.isKeyword("for") || token.isKeyword("async") { throw unsupported("generator expression") }
        if token.isOp(")") {
            if case .starred = first.kind { throw failure("cannot use starred expression here", at: first.offset) }
            try advance()
            return first
        }
        let items = try parseItems(after: first, closing: ")", what: "a tuple item")
        return try make(.tuple(items), at: start, operands: items)
    }

    /// `[a, b]`.
    private mutating func parseList() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        try advance()
        if token.isOp("]") {
            try advance()
            return try make(.list([]), at: start)
        }
        let first = try parseItem()
        if token.isKeyword("for") || token.isKeyword("async") { throw unsupported("list comprehension") }
        if token.isOp("]") {
            try advance()
            return try make(.list([first]), at: start, operands: [first])
        }
        let items = try parseItems(after: first, closing: "]", what: "a list item")
        return try make(.list(items), at: start, operands: items)
    }

    /// The rest of a comma-separated display whose first item was `first`, up to and
    /// including `closing`; a trailing comma is allowed.
    private mutating func parseItems(after first: PythonExpression, closing: String, what: String) throws(ConfigError)
        -> [PythonExpression]
    {
        var items = [first]
        while true {
            if token.isOp(closing) {
                try advance()
                return items
            }
            try expect(",", "expected ',' or '\(closing)' after \(what)")
            if token.isOp(closing) { continue }
            items.append(try parseItem())
        }
    }

    /// `{}` or `{'k': v, ...}`; sets and comprehensions are unsupported.
    private mutating func parseBraces() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        try advance()
        var pairs: [(key: PythonExpression?, value: PythonExpression)] = []
        var operands: [PythonExpression] = []
        while !token.isOp("}") {
            if token.isOp("**") {
                try advance()
                let value = try parseSum()
                pairs.append((nil, value))
                operands.append(value)
                if !token.isOp("}") { try expect(",", "expected ',' or '}' after a dictionary item") }
                continue
            }
            if token.isOp("*") { throw unsupported("set", at: start) }
            let key = try parseExpression()
            guard token.isOp(":") else {
                if pairs.isEmpty && token.isKeyword("for") { throw unsupported("set comprehension") }
                if pairs.isEmpty && (token.isOp(",") || token.isOp("}")) { throw unsupported("set", at: start) }
                throw failure("expected ':' after a dictionary key, found \(found)")
            }
            try advance()
            let value = try parseExpression()
            if pairs.isEmpty && (token.isKeyword("for") || token.isKeyword("async")) {
                throw unsupported("dict comprehension")
            }
            pairs.append((key, value))
            operands += [key, value]
            guard token.isOp("}") else {
                try expect(",", "expected ',' or '}' after a dictionary item")
                continue
            }
        }
        try advance()
        return try make(.dict(pairs), at: start, operands: operands)
    }

    /// The arguments of `dict(...)`, from its `(`: keyword arguments only.
    mutating func parseDictCall(at start: Int) throws(ConfigError) -> PythonExpression {
        try advance()
        var arguments: [(name: String?, value: PythonExpression)] = []
        var operands: [PythonExpression] = []
        while !token.isOp(")") {
            if token.isOp("*") { throw unsupported("dict() with a positional argument") }
            if token.isOp("**") {
                try advance()
                let value = try parseExpression()
                arguments.append((nil, value))
                operands.append(value)
                if !token.isOp(")") { try expect(",", "expected ',' or ')' after an argument") }
                continue
            }
            let argument = try parseExpression()
            if token.isKeyword("for") || token.isKeyword("async") { throw unsupported("generator expression") }
            guard token.isOp("=") else { throw unsupported("dict() with a positional argument", at: argument.offset) }
            guard case .name(let name) = argument.kind else {
                throw failure("expected a keyword name before '='", at: argument.offset)
            }
            if arguments.contains(where: { $0.name == name }) {
                throw failure("keyword argument repeated: '\(name)'", at: argument.offset)
            }
            try advance()
            let value = try parseExpression()
            arguments.append((name, value))
            operands.append(value)
            guard token.isOp(")") else {
                try expect(",", "expected ',' or ')' after an argument")
                continue
            }
        }
        try advance()
        return try make(.dictCall(arguments), at: start, operands: operands)
    }
}
