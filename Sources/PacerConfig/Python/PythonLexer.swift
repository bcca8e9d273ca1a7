/// Splits a Python config into tokens, on demand, the way Python's tokenizer does: comments
/// and blank lines vanish, line breaks inside brackets and after a backslash join lines,
/// and indentation opens and closes blocks (`indent` and `dedent` tokens).
struct PythonLexer {
    /// The deepest bracket nesting accepted (Python's own limit).
    static let maxBrackets = 200
    /// The deepest block nesting accepted (Python's own limit).
    static let maxIndents = 100

    let bytes: [UInt8]
    let file: String
    let variables: PredefinedVariables?
    var index = 0
    /// Where the text to split ends: `bytes.count`, or the end of an f-string field.
    let end: Int
    /// Whether the lexer reads one f-string field, where line breaks join lines.
    private let isField: Bool
    /// The open brackets, innermost last, with their offsets.
    private var brackets: [(byte: UInt8, offset: Int)] = []
    private var atLineStart = true
    private var lineHasTokens = false
    /// The columns of the open blocks, outermost first; counting a tab as up to 8 columns
    /// and, to catch tabs and spaces mixed, as 1.
    private var indents: [(column: Int, tabsAsOne: Int)] = [(0, 0)]
    /// `dedent` tokens still to give before the next token.
    private var pendingDedents = 0

    init(bytes: [UInt8], file: String, variables: PredefinedVariables?) {
        self.bytes = bytes
        self.file = file
        self.variables = variables
        end = bytes.count
        isField = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// A lexer for the f-string field `range` of `lexer`'s text.
    init(field range: Range<Int>, of lexer: PythonLexer) {
        bytes = lexer.bytes
        file = lexer.file
        variables = lexer.variables
        index = range.lowerBound
        end = range.upperBound
        isField = true
        atLineStart = false
    }

    /// The next token.
    mutating func next() throws(ConfigError) -> PythonToken {
        if pendingDedents > 0 {
            pendingDedents -= 1
            return PythonToken(kind: .dedent, offset: index, end: index)
        }
        while true {
            if atLineStart && brackets.isEmpty && !isField {
                if let token = try indentation() { return token }
            }
            skipSpaces()
            guard let byte = peek else { return try endOfText() }
            switch byte {
            case UInt8(ascii: "#"):
                while let next = peek, next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") { index += 1 }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                let offset = index
                skipLineBreak()
                guard brackets.isEmpty && !isField else { continue }
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
        if lineHasTokens && !isField {
            lineHasTokens = false
            return PythonToken(kind: .newline, offset: index, end: index)
        }
        if indents.count > 1 {
            indents.removeLast()
            return PythonToken(kind: .dedent, offset: index, end: index)
        }
        return PythonToken(kind: .end, offset: index, end: index)
    }

    /// At the start of a line that holds a statement: an `indent` token when it is indented
    /// deeper than the block it is in, `dedent` tokens for each block it closes; `nil` when
    /// the indentation is the block's (blank and comment-only lines are skipped).
    private mutating func indentation() throws(ConfigError) -> PythonToken? {
        var column = 0
        var tabsAsOne = 0
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0C {
            switch byte {
            case UInt8(ascii: " "): column += 1
            case UInt8(ascii: "\t"): column = (column / 8 + 1) * 8
            default: column = 0
            }
            tabsAsOne += byte == 0x0C ? 0 : 1
            index += 1
        }
        guard let byte = peek else { return nil }
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\\"):
            return nil
        default:
            atLineStart = false
        }
        let current = indents[indents.count - 1]
        if column == current.column {
            guard tabsAsOne == current.tabsAsOne else { throw inconsistentTabs() }
            return nil
        }
        if column > current.column {
            guard tabsAsOne > current.tabsAsOne else { throw inconsistentTabs() }
            guard indents.count <= Self.maxIndents else { throw failure("too many levels of indentation") }
            indents.append((column, tabsAsOne))
            return PythonToken(kind: .indent, offset: index, end: index)
        }
        var closed = 0
        while indents.count > 1 && indents[indents.count - 1].column > column {
            indents.removeLast()
            closed += 1
        }
        guard indents[indents.count - 1].column == column else {
            throw failure("unindent does not match any outer indentation level")
        }
        guard indents[indents.count - 1].tabsAsOne == tabsAsOne else { throw inconsistentTabs() }
        pendingDedents = closed - 1
        return PythonToken(kind: .dedent, offset: index, end: index)
    }

    private func inconsistentTabs() -> ConfigError {
        failure("inconsistent use of tabs and spaces in indentation")
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
            let kind = try string(prefix: "", start: start)
            return PythonToken(kind: kind, offset: start, end: index)
        }
        if first == UInt8(ascii: "{"), !isField, let brace = BraceExpression.scan(bytes, at: index),
            let expression = BraceExpression(word: brace.word)
        {
            index = brace.end
            return PythonToken(kind: .brace(expression), offset: start, end: index)
        }
        if let op = pythonOperators.first(where: { bytes[index..<end].starts(with: $0.utf8) }) {
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
            let kind = try string(prefix: word.lowercased(), start: start)
            return PythonToken(kind: kind, offset: start, end: index)
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
        index < end ? bytes[index] : nil
    }

    func byte(at offset: Int) -> UInt8? {
        offset < end ? bytes[offset] : nil
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
