extension PythonLexer {
    /// A string literal whose prefix (lower-cased, possibly empty) starts at `start` and
    /// whose opening quote is at the current position: single or triple quoted, raw or
    /// with escapes decoded, then with predefined variables replaced. f-strings, t-strings
    /// and bytes are unsupported.
    mutating func string(prefix: String, start: Int) throws(ConfigError) -> String {
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
        if prefix.contains("f") { throw unsupported("f-string", at: start) }
        if prefix.contains("t") { throw unsupported("t-string", at: start) }
        if prefix.contains("b") { throw unsupported("bytes literal", at: start) }
        let value =
            prefix.contains("r")
            ? String(decoding: Self.normalizingLineBreaks(bytes[bodyStart..<bodyEnd]), as: UTF8.self)
            : try decodeEscapes(from: bodyStart, to: bodyEnd)
        return variables?.substitute(in: value) ?? value
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
