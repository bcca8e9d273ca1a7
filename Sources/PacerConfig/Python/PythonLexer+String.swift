extension PythonLexer {
    /// A string literal whose prefix (lower-cased, possibly empty) starts at `start` and
    /// whose opening quote is at the current position: single or triple quoted, raw or
    /// with escapes decoded, then with predefined variables replaced; an f-string's text and
    /// fields. t-strings and bytes are unsupported.
    mutating func string(prefix: String, start: Int) throws(ConfigError) -> PythonToken.Kind {
        let quote = bytes[index]
        let isTriple = byte(at: index + 1) == quote && byte(at: index + 2) == quote
        index += isTriple ? 3 : 1
        let bodyStart = index
        while true {
            guard let byte = peek else {
                let line = SourcePosition(offset: index, in: bytes).line
                let kind = isTriple ? "unterminated triple-quoted string literal" : "unterminated string literal"
                throw failure("\(kind) (detected at line \(line))", at: start)
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                if peek == UInt8(ascii: "\r") && self.byte(at: index + 1) == UInt8(ascii: "\n") { index += 1 }
                if peek != nil { index += 1 }
                continue
            }
            if byte == quote && (!isTriple || (self.byte(at: index + 1) == quote && self.byte(at: index + 2) == quote)) {
                break
            }
            if !isTriple && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                let line = SourcePosition(offset: index, in: bytes).line
                throw failure("unterminated string literal (detected at line \(line))", at: start)
            }
            index += 1
        }
        let bodyEnd = index
        index += isTriple ? 3 : 1
        if prefix.contains("t") { throw unsupported("t-string", at: start) }
        if prefix.contains("b") { throw unsupported("bytes literal", at: start) }
        if prefix.contains("f") {
            return .formatString(try formatPieces(from: bodyStart, to: bodyEnd, raw: prefix.contains("r")))
        }
        return .string(try literal(from: bodyStart, to: bodyEnd, raw: prefix.contains("r")))
    }

    /// The text `bytes[start..<end]` of a string literal, escapes decoded unless `raw`, then
    /// predefined variables replaced.
    private func literal(from start: Int, to end: Int, raw: Bool) throws(ConfigError) -> String {
        let value =
            raw
            ? String(decoding: Self.normalizingLineBreaks(bytes[start..<end]), as: UTF8.self)
            : try decodeEscapes(from: start, to: end)
        return variables?.substitute(in: value) ?? value
    }

    /// One piece of an f-string as the lexer splits it.
    enum FormatPiece {
        /// Text outside the braces, escapes decoded.
        case literal(String)
        /// `{expression!conversion:spec}`: the expression's byte range, the conversion letter
        /// and the spec's text.
        case field(Range<Int>, conversion: Character?, spec: String)
    }

    /// The pieces of the f-string body `bytes[start..<end]`: `{{` and `}}` are braces, a
    /// predefined variable `{{ fileDirname }}` is replaced (as MMCV does in the raw text),
    /// and each `{...}` is a field.
    private func formatPieces(from start: Int, to end: Int, raw: Bool) throws(ConfigError) -> [FormatPiece] {
        var pieces: [FormatPiece] = []
        var text = ""
        var literalStart = start
        var cursor = start
        func flush(upTo limit: Int) throws(ConfigError) {
            if limit > literalStart { text += try literal(from: literalStart, to: limit, raw: raw) }
        }
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\\") && !raw {
                cursor += 2
                continue
            }
            if byte == UInt8(ascii: "{"), let brace = BraceExpression.scan(bytes, at: cursor), brace.end <= end,
                let value = variables?.value(of: brace.word)
            {
                try flush(upTo: cursor)
                text += value
                cursor = brace.end
                literalStart = cursor
                continue
            }
            if byte == UInt8(ascii: "}") {
                guard cursor + 1 < end, bytes[cursor + 1] == UInt8(ascii: "}") else {
                    throw failure("f-string: single '}' is not allowed", at: cursor)
                }
                try flush(upTo: cursor + 1)
                cursor += 2
                literalStart = cursor
                continue
            }
            guard byte == UInt8(ascii: "{") else {
                cursor += 1
                continue
            }
            if cursor + 1 < end && bytes[cursor + 1] == UInt8(ascii: "{") {
                try flush(upTo: cursor + 1)
                cursor += 2
                literalStart = cursor
                continue
            }
            try flush(upTo: cursor)
            if !text.isEmpty { pieces.append(.literal(text)) }
            text = ""
            let field = try formatField(from: cursor + 1, to: end)
            pieces.append(field.piece)
            cursor = field.end
            literalStart = cursor
        }
        try flush(upTo: end)
        if !text.isEmpty { pieces.append(.literal(text)) }
        return pieces
    }

    /// The field whose text starts at `start` (after its `{`), and the offset after its `}`.
    private func formatField(from start: Int, to end: Int) throws(ConfigError) -> (piece: FormatPiece, end: Int) {
        var depth = 0
        var cursor = start
        var quote: UInt8?
        var expressionEnd: Int?
        while cursor < end {
            let byte = bytes[cursor]
            if let open = quote {
                if byte == open { quote = nil }
                cursor += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                quote = byte
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: "}") where depth > 0:
                depth -= 1
            case UInt8(ascii: "}"):
                expressionEnd = cursor
            case UInt8(ascii: ":") where depth == 0:
                expressionEnd = cursor
            case UInt8(ascii: "!") where depth == 0 && cursor + 1 < end && bytes[cursor + 1] != UInt8(ascii: "="):
                expressionEnd = cursor
            case UInt8(ascii: "=") where depth == 0 && cursor + 1 < end && bytes[cursor + 1] != UInt8(ascii: "=")
                && !"=!<>".utf8.contains(bytes[cursor - 1]):
                throw unsupported("'=' in an f-string field", at: cursor)
            case UInt8(ascii: "\\"):
                throw failure("f-string expression part cannot include a backslash", at: cursor)
            case UInt8(ascii: "#"):
                throw failure("f-string expression part cannot include '#'", at: cursor)
            default:
                break
            }
            if expressionEnd != nil { break }
            cursor += 1
        }
        guard let expressionEnd else { throw failure("f-string: expecting '}'", at: start - 1) }
        var conversion: Character?
        cursor = expressionEnd
        if bytes[cursor] == UInt8(ascii: "!") {
            guard cursor + 1 < end, let letter = "rsa".utf8.first(where: { $0 == bytes[cursor + 1] }) else {
                throw failure("f-string: invalid conversion character (expected 'r', 's' or 'a')", at: cursor)
            }
            conversion = Character(Unicode.Scalar(letter))
            cursor += 2
        }
        var spec = ""
        if cursor < end && bytes[cursor] == UInt8(ascii: ":") {
            let specStart = cursor + 1
            while cursor < end && bytes[cursor] != UInt8(ascii: "}") {
                if bytes[cursor] == UInt8(ascii: "{") { throw unsupported("nested field in an f-string format spec", at: cursor) }
                cursor += 1
            }
            spec = String(decoding: bytes[specStart..<cursor], as: UTF8.self)
        }
        guard cursor < end && bytes[cursor] == UInt8(ascii: "}") else {
            throw failure("f-string: expecting '}'", at: start - 1)
        }
        return (.field(start..<expressionEnd, conversion: conversion, spec: spec), cursor + 1)
    }

    /// `text` with `\r\n` and lone `\r` read as `\n`, as Python reads source lines.
    private static func normalizingLineBreaks(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var previousWasReturn = false
        for byte in text {
            if byte == UInt8(ascii: "\n") && previousWasReturn {
                previousWasReturn = false
                continue
            }
            previousWasReturn = byte == UInt8(ascii: "\r")
            output.append(previousWasReturn ? UInt8(ascii: "\n") : byte)
        }
        return output
    }

    /// The body `bytes[start..<end]` of a non-raw string with its escapes decoded.
    private func decodeEscapes(from start: Int, to end: Int) throws(ConfigError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\r") {
                output.append(UInt8(ascii: "\n"))
                cursor += cursor + 1 < end && bytes[cursor + 1] == UInt8(ascii: "\n") ? 2 : 1
                continue
            }
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                cursor += 1
                continue
            }
            cursor = try decodeEscape(at: cursor, end: end, into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The escape whose backslash is at `backslash`, appended to `output`; returns the
    /// offset after it. An unknown escape keeps its backslash, as in Python.
    private func decodeEscape(at backslash: Int, end: Int, into output: inout [UInt8]) throws(ConfigError) -> Int {
        let letter = bytes[backslash + 1]
        var cursor = backslash + 2
        switch letter {
        case UInt8(ascii: "\n"):
            break
        case UInt8(ascii: "\r"):
            if cursor < end && bytes[cursor] == UInt8(ascii: "\n") { cursor += 1 }
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""):
            output.append(letter)
        case UInt8(ascii: "a"): output.append(0x07)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "v"): output.append(0x0B)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(letter - UInt8(ascii: "0"))
            while cursor < end, cursor < backslash + 4, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[cursor]) {
                value = value * 8 + UInt32(bytes[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            append(value, to: &output)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let width = letter == UInt8(ascii: "x") ? 2 : letter == UInt8(ascii: "u") ? 4 : 8
            let escape = letter == UInt8(ascii: "x") ? "\\xXX" : letter == UInt8(ascii: "u") ? "\\uXXXX" : "\\UXXXXXXXX"
            var value: UInt32 = 0
            for _ in 0..<width {
                guard cursor < end, let digit = bytes[cursor].hexDigitValue else {
                    throw failure("truncated \(escape) escape", at: backslash)
                }
                value = value << 4 | digit
                cursor += 1
            }
            try appendScalar(value, escapeAt: backslash, to: &output)
        case UInt8(ascii: "N"):
            cursor = try decodeNamedEscape(at: backslash, end: end, into: &output)
        default:
            output.append(UInt8(ascii: "\\"))
            cursor = backslash + 1
        }
        return cursor
    }

    /// `\N{NAME}`: the character Unicode names `NAME` (any case).
    private func decodeNamedEscape(at backslash: Int, end: Int, into output: inout [UInt8]) throws(ConfigError) -> Int {
        let open = backslash + 2
        guard open < end, bytes[open] == UInt8(ascii: "{"),
            let close = bytes[open..<end].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        else {
            throw failure("malformed \\N character escape", at: backslash)
        }
        let name = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
        guard let scalar = UnicodeNames.scalar(named: name) else {
            throw failure("unknown Unicode character name '\(name)'", at: backslash)
        }
        append(scalar.value, to: &output)
        return close + 1
    }

    private func appendScalar(_ value: UInt32, escapeAt backslash: Int, to output: inout [UInt8]) throws(ConfigError) {
        if (0xD800...0xDFFF).contains(value) {
            throw unsupported("surrogate escape \\u\(value.hex4)", at: backslash)
        }
        guard value <= 0x10FFFF else { throw failure("illegal Unicode character", at: backslash) }
        append(value, to: &output)
    }

    /// Appends the scalar `value` (a valid scalar below U+0800 or checked by the caller) as UTF-8.
    private func append(_ value: UInt32, to output: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        UTF8.encode(scalar) { output.append($0) }
    }
}
