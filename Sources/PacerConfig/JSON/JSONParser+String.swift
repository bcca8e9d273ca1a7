extension JSONParser {
    /// A string, from its opening quote: escapes decoded, surrogate pairs joined.
    mutating func parseString() throws(ConfigError) -> String {
        let openingQuote = index
        index += 1
        var runStart = index
        var decoded: [UInt8] = []
        while true {
            guard let byte = peek else { throw failure("unterminated string", at: openingQuote) }
            switch byte {
            case UInt8(ascii: "\""):
                defer { index += 1 }
                if decoded.isEmpty { return String(decoding: bytes[runStart..<index], as: UTF8.self) }
                decoded += bytes[runStart..<index]
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                decoded += bytes[runStart..<index]
                try parseEscape(into: &decoded)
                runStart = index
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw failure("line break inside a string (close the string or write \\n)")
            case 0..<0x20:
                throw failure("control character \(found) inside a string (write it as \\u\(UInt32(byte).hex4))")
            default:
                index += 1
            }
        }
    }

    /// One escape, from its backslash, appended to `output` as UTF-8. At the end of the
    /// text it does nothing, leaving `parseString` to report the unterminated string.
    private mutating func parseEscape(into output: inout [UInt8]) throws(ConfigError) {
        let backslash = index
        index += 1
        guard let byte = peek else { return }
        if let unescaped = byte.unescaped {
            output.append(unescaped)
            index += 1
            return
        }
        guard byte == UInt8(ascii: "u") else {
            throw failure("invalid escape: '\\' followed by \(found) (write a literal backslash as '\\\\')", at: backslash)
        }
        index += 1
        let scalar = try readEscapedScalar(escapeAt: backslash)
        UTF8.encode(scalar) { output.append($0) }
    }

    /// The scalar of a `\uXXXX` escape whose hex digits start at the current position,
    /// reading the second half of a surrogate pair when the first is a high surrogate.
    private mutating func readEscapedScalar(escapeAt backslash: Int) throws(ConfigError) -> Unicode.Scalar {
        let unit = try readHexQuad(escapeAt: backslash)
        switch unit {
        case 0xD800...0xDBFF:
            let lowEscape = index
            let unpaired = "unpaired high surrogate \\u\(unit.hex4) (it must be followed by a \\uDC00-\\uDFFF escape)"
            guard bytes[index...].starts(with: "\\u".utf8) else { throw failure(unpaired, at: backslash) }
            index += 2
            let low = try readHexQuad(escapeAt: lowEscape)
            guard (0xDC00...0xDFFF).contains(low) else { throw failure(unpaired, at: backslash) }
            // A surrogate pair always decodes to a scalar in U+10000...U+10FFFF.
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            throw failure("unpaired low surrogate \\u\(unit.hex4) (it must follow a \\uD800-\\uDBFF escape)", at: backslash)
        default:
            // Below U+10000 and not a surrogate: always a scalar.
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    /// Four hex digits of a `\u` escape that starts at `backslash`.
    private mutating func readHexQuad(escapeAt backslash: Int) throws(ConfigError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = byte.hexDigitValue else {
                throw failure("invalid \\u escape: expected 4 hex digits", at: backslash)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

extension UInt8 {
    /// The byte a one-letter escape (`\n`, `\"`, ...) stands for, or `nil`.
    var unescaped: UInt8? {
        switch self {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): self
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// The value of an ASCII hex digit, or `nil`.
    var hexDigitValue: UInt32? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(self - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(self - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(self - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
