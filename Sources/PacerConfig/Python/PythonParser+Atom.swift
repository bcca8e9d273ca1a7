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
        case .string, .formatString:
            return try parseStrings()
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

    /// Adjacent string literals and f-strings, joined as Python joins them.
    private mutating func parseStrings() throws(ConfigError) -> PythonExpression {
        let start = token.offset
        var parts: [PythonFormattedPart] = []
        var fields: [PythonExpression] = []
        var text = ""
        var length = 0
        while true {
            switch token.kind {
            case .string(let part):
                text += part
                length += part.utf8.count
            case .formatString(let pieces):
                for piece in pieces {
                    switch piece {
                    case .literal(let part):
                        text += part
                        length += part.utf8.count
                    case .field(let range, let conversion, let spec):
                        if !text.isEmpty { parts.append(.literal(text)) }
                        text = ""
                        let field = try parseField(range)
                        fields.append(field)
                        parts.append(.field(field, conversion: conversion, spec: spec))
                    }
                }
            default:
                if !text.isEmpty || parts.isEmpty { parts.append(.literal(text)) }
                if parts.count == 1, case .literal(let whole) = parts[0] {
                    return try make(.constant(.string(whole)), at: start)
                }
                return try make(.formatted(parts), at: start, operands: fields)
            }
            guard length <= PythonValue.maxStringBytes else {
                throw failure("string longer than \(PythonValue.maxStringBytes) bytes")
            }
            try advance()
        }
    }

    /// The expression of the f-string field at `range` of the text.
    private mutating func parseField(_ range: Range<Int>) throws(ConfigError) -> PythonExpression {
        var parser = try PythonParser(lexer: PythonLexer(field: range, of: lexer))
        parser.nesting = nesting
        guard !parser.token.endsLine else { throw failure("f-string: valid expression required before '}'", at: range.upperBound) }
        let value = try parser.parseExpressionList()
        guard case .end = parser.token.kind else {
            throw parser.failure("f-string: expected '}' after the expression, found \(parser.found)")
        }
        return value
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
        if token.isKeyword("for") || token.isKeyword("async") {
            let generator = try parseComprehension(.generator, element: first, value: nil, at: start)
            try expect(")", "expected ')' after a generator expression")
            return generator
        }
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
        if token.isKeyword("for") || token.isKeyword("async") {
            let comprehension = try parseComprehension(.list, element: first, value: nil, at: start)
            try expect("]", "expected ']' after a list comprehension")
            return comprehension
        }
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

    /// `{}`, `{'k': v, ...}`, `{a, b}`, or a dict or set comprehension.
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
            if pairs.isEmpty && token.isOp("*") { return try parseSet(from: start) }
            let key = try parseExpression()
            guard token.isOp(":") else {
                if pairs.isEmpty { return try parseSet(from: start, first: key) }
                throw failure("expected ':' after a dictionary key, found \(found)")
            }
            try advance()
            let value = try parseExpression()
            if pairs.isEmpty && (token.isKeyword("for") || token.isKeyword("async")) {
                let comprehension = try parseComprehension(.dict, element: key, value: value, at: start)
                try expect("}", "expected '}' after a dict comprehension")
                return comprehension
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

    /// The rest of a set display or set comprehension opened at `start`, whose first item
    /// (when already parsed) is `first`.
    private mutating func parseSet(from start: Int, first: PythonExpression? = nil) throws(ConfigError)
        -> PythonExpression
    {
        let head: PythonExpression
        if let first {
            head = first
            guard token.isOp(",") || token.isOp("}") || token.isKeyword("for") || token.isKeyword("async") else {
                throw failure("expected ':' after a dictionary key, found \(found)")
            }
        } else {
            head = try parseItem()
        }
        if token.isKeyword("for") || token.isKeyword("async") {
            let comprehension = try parseComprehension(.set, element: head, value: nil, at: start)
            try expect("}", "expected '}' after a set comprehension")
            return comprehension
        }
        let items = try parseItems(after: head, closing: "}", what: "a set item")
        return try make(.set(items), at: start, operands: items)
    }
}
