/// Splits a Python config into tokens, on demand, the way Python's tokenizer does: comments
/// and blank lines vanish, line breaks inside brackets and after a backslash join lines,
/// and a statement may not start indented.
struct PythonLexer {
    /// The deepest bracket nesting accepted (Python's own limit).
    static let maxBrackets = 200

    let bytes: [UInt8]
    let file: String
    let variables: PredefinedVariables?
    var index = 0
    /// The open brackets, innermost last, with their offsets.
    private var brackets: [(byte: UInt8, offset: Int)] = []
    private var atLineStart = true
    private var lineHasTokens = false

    init(bytes: [UInt8], file: String, variables: PredefinedVariables?) {
        self.bytes = bytes
        self.file = file
        self.variables = variables
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// The next token.
    mutating func next() throws(ConfigError) -> PythonToken {
        while true {
            if atLineStart && brackets.isEmpty {
                try skipIndentation()
            }
            skipSpaces()
            guard let byte = peek else { return try endOfText() }
            switch byte {
            case UInt8(ascii: "#"):
                while let next = peek, next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") { index += 1 }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                let offset = index
                skipLineBreak()
                guard brackets.isEmpty else { continue }
                atLineStart = true
                if lineHasTokens {
                    lineHasTokens = false
                    return PythonToken(kind: .newline, offset: offset, end: offset)
                }
            case UInt8(ascii: "\\"):
                try skipContinuation()
            default:
                lineHasTokens = true
                return try token(startingWith: byte)
            }
        }
    }

    /// The tokens at the end of the text: the last line's newline, then `.end`.
    private mutating func endOfText() throws(ConfigError) -> PythonToken {
        if let open = brackets.last {
            throw failure("'\(Character(Unicode.Scalar(open.byte)))' was never closed", at: open.offset)
        }
        if lineHasTokens {
            lineHasTokens = false
            return PythonToken(kind: .newline, offset: index, end: index)
        }
        return PythonToken(kind: .end, offset: index, end: index)
    }

    /// At the start of a line: blank and comment-only lines may be indented, statements not.
    private mutating func skipIndentation() throws(ConfigError) {
        let start = index
        skipSpaces()
        guard let byte = peek else { return }
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return
        default:
            atLineStart = false
            if index > start { throw failure("unexpected indent (statements start at the beginning of a line)") }
        }
    }

    private mutating func skipSpaces() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0C {
            index += 1
        }
    }

    /// Steps over `\n`, `\r\n` or `\r`.
    private mutating func skipLineBreak() {
        if peek == UInt8(ascii: "\r") { index += 1 }
        if peek == UInt8(ascii: "\n") { index += 1 }
    }

    /// A backslash that joins this line with the next.
    private mutating func skipContinuation() throws(ConfigError) {
        index += 1
        guard let byte = peek else { throw failure("unexpected end of file after a line continuation character") }
        guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
            throw failure("unexpected character after line continuation character")
        }
        skipLineBreak()
    }

    private mutating func token(startingWith first: UInt8) throws(ConfigError) -> PythonToken {
        let start = index
        if first.isIdentifierStart {
            return try nameOrString()
        }
        if first.isDigit || (first == UInt8(ascii: ".") && (byte(at: index + 1)?.isDigit ?? false)) {
            let kind = try number()
            return PythonToken(kind: kind, offset: start, end: index)
        }
        if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") {
            let value = try string(prefix: "", start: start)
            return PythonToken(kind: .string(value), offset: start, end: index)
        }
        if first == UInt8(ascii: "{"), let brace = BraceExpression.scan(bytes, at: index),
            let expression = BraceExpression(word: brace.word)
        {
            index = brace.end
            return PythonToken(kind: .brace(expression), offset: start, end: index)
        }
        if let op = pythonOperators.first(where: { bytes[index...].starts(with: $0.utf8) }) {
            index += op.utf8.count
            try trackBrackets(op, at: start)
            return PythonToken(kind: .op(op), offset: start, end: index)
        }
        throw invalidCharacter()
    }

    /// An identifier, a keyword, or a string literal with a prefix such as `r'...'`.
    private mutating func nameOrString() throws(ConfigError) -> PythonToken {
        let start = index
        while let byte = peek, byte.isWordByte { index += 1 }
        let word = String(decoding: bytes[start..<index], as: UTF8.self)
        if let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""),
            Self.stringPrefixes.contains(word.lowercased())
        {
            let value = try string(prefix: word.lowercased(), start: start)
            return PythonToken(kind: .string(value), offset: start, end: index)
        }
        if let byte = peek, byte >= 0x80, scalar(at: index).properties.isXIDContinue {
            throw unsupported("non-ASCII name", at: start)
        }
        let kind: PythonToken.Kind = pythonKeywords.contains(word) ? .keyword(word) : .name(word)
        return PythonToken(kind: kind, offset: start, end: index)
    }

    /// The prefixes Python allows before a string's opening quote (compared in lower case).
    private static let stringPrefixes: Set<String> = [
        "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt",
    ]

    private mutating func trackBrackets(_ op: String, at offset: Int) throws(ConfigError) {
        guard let byte = op.utf8.first, op.utf8.count == 1 else { return }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            guard brackets.count < Self.maxBrackets else { throw failure("too many nested parentheses", at: offset) }
            brackets.append((byte, offset))
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            guard let open = brackets.popLast() else { throw failure("unmatched '\(op)'", at: offset) }
            let expected: UInt8 =
                switch open.byte {
                case UInt8(ascii: "("): UInt8(ascii: ")")
                case UInt8(ascii: "["): UInt8(ascii: "]")
                default: UInt8(ascii: "}")
                }
            guard byte == expected else {
                let opening = Character(Unicode.Scalar(open.byte))
                throw failure("closing parenthesis '\(op)' does not match opening parenthesis '\(opening)'", at: offset)
            }
        default:
            return
        }
    }

    private func invalidCharacter() -> ConfigError {
        let scalar = scalar(at: index)
        if scalar.properties.isXIDStart {
            return unsupported("non-ASCII name", at: index)
        }
        let code = "U+" + scalar.value.hex4
        let printable = !(scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
            || scalar.properties.generalCategory == .format)
        return failure(printable ? "invalid character '\(scalar)' (\(code))" : "invalid non-printable character \(code)")
    }

    // MARK: Cursor

    var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    func byte(at offset: Int) -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    /// The scalar starting at byte `offset` (the text is valid UTF-8).
    func scalar(at offset: Int) -> Unicode.Scalar {
        String(decoding: bytes[offset..<min(offset + 4, bytes.count)], as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
    }

    /// An `unsupported Python construct` error at byte `offset`.
    func unsupported(_ construct: String, at offset: Int) -> ConfigError {
        ConfigError(file: file, position: SourcePosition(offset: offset, in: bytes), problem: .unsupportedPython(construct))
    }

    /// An error at byte `offset` (the current position by default).
    func failure(_ message: String, at offset: Int? = nil) -> ConfigError {
        ConfigError(file: file, position: SourcePosition(offset: offset ?? index, in: bytes), problem: .malformed(message))
    }
}

extension UInt8 {
    /// An ASCII letter or underscore: a byte that can start a Python name.
    var isIdentifierStart: Bool {
        isWordByte && !isDigit
    }
}
