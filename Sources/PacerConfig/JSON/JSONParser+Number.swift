extension JSONParser {
    /// A number: an `.int` when written without fraction or exponent and within `Int`,
    /// otherwise a `.double`; also `-Infinity`.
    mutating func parseNumber() throws(ConfigError) -> ConfigValue {
        let start = index
        if consume(UInt8(ascii: "-")), let byte = peek, byte.isWordByte, !byte.isDigit {
            guard readWord() == "Infinity" else { throw failure("expected a digit after '-'", at: start + 1) }
            return .double(-.infinity)
        }
        guard let first = peek, first.isDigit else { throw failure("expected a digit after '-'") }
        index += 1
        if first == UInt8(ascii: "0"), let next = peek, next.isDigit {
            throw failure("leading zeros are not allowed in numbers", at: start)
        }
        skipDigits()
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            try requireDigits("expected a digit after the decimal point")
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            try requireDigits("expected a digit in the exponent")
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger {
            guard let int = Int(text) else { throw failure("integer '\(text)' does not fit in 64 bits", at: start) }
            return .int(int)
        }
        // The text matches JSON's number grammar, which Double always parses (to ±inf
        // beyond its range, as Python's json does).
        guard let double = Double(text) else { throw failure("invalid number", at: start) }
        return .double(double)
    }

    private mutating func requireDigits(_ message: String) throws(ConfigError) {
        guard let byte = peek, byte.isDigit else { throw failure(message) }
        skipDigits()
    }

    private mutating func skipDigits() {
        while let byte = peek, byte.isDigit { index += 1 }
    }
}

extension UInt8 {
    /// An ASCII digit.
    var isDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
