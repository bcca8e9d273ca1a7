extension PythonLexer {
    /// A number literal: an integer in any base, or a float; underscores between digits
    /// allowed as in Python. An imaginary literal (`2j`) is unsupported.
    mutating func number() throws(ConfigError) -> PythonToken.Kind {
        let start = index
        if peek == UInt8(ascii: "0"), let marker = byte(at: index + 1), let radix = Self.radix(marker) {
            index += 2
            return try prefixedInteger(radix: radix, start: start)
        }
        var text = ""
        var isFloat = false
        if peek != UInt8(ascii: ".") { text += try digitPart(start: start) }
        if peek == UInt8(ascii: ".") {
            index += 1
            isFloat = true
            text += "."
            if let byte = peek, byte.isDigit { text += try digitPart(start: start) }
        }
        if let byte = peek, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            isFloat = true
            text += "e"
            if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                text += sign == UInt8(ascii: "-") ? "-" : "+"
            }
            guard let digit = peek, digit.isDigit else { throw failure("invalid float literal", at: start) }
            text += try digitPart(start: start)
        }
        if let byte = peek, byte == UInt8(ascii: "j") || byte == UInt8(ascii: "J") {
            throw unsupported("complex number", at: start)
        }
        try requireEndOfNumber(start: start, kind: "decimal")
        if isFloat { return .float(Self.double(from: text)) }
        if text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 != "0" }) {
            throw failure(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                at: start)
        }
        guard let value = Int(text) else { throw unsupported("integer beyond 64 bits", at: start) }
        return .int(value)
    }

    /// Digits with single underscores between them, returned without the underscores.
    private mutating func digitPart(start: Int) throws(ConfigError) -> String {
        var digits = ""
        while let byte = peek {
            if byte.isDigit {
                digits.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
            } else if byte == UInt8(ascii: "_"), let next = self.byte(at: index + 1), next.isDigit, !digits.isEmpty {
                index += 1
            } else {
                break
            }
        }
        return digits
    }

    /// `0x1F`, `0o17`, `0b101`, the marker already read.
    private mutating func prefixedInteger(radix: Int, start: Int) throws(ConfigError) -> PythonToken.Kind {
        let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
        var value = 0
        var digits = 0
        var overflow = false
        while let byte = peek {
            if byte == UInt8(ascii: "_"), let next = self.byte(at: index + 1), Self.digitValue(next, radix: radix) != nil {
                index += 1
                continue
            }
            guard let digit = Self.digitValue(byte, radix: radix) else { break }
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: radix)
            let (sum, carried) = shifted.addingReportingOverflow(digit)
            overflow = overflow || overflowed || carried
            value = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw failure("invalid \(name) literal", at: start) }
        try requireEndOfNumber(start: start, kind: name)
        if overflow { throw unsupported("integer beyond 64 bits", at: start) }
        return .int(value)
    }

    /// A number may not run straight into a name or more digits (`1abc`, `0b102`).
    private func requireEndOfNumber(start: Int, kind: String) throws(ConfigError) {
        guard let byte = peek, byte.isWordByte || byte >= 0x80 && scalar(at: index).properties.isXIDContinue else {
            return
        }
        throw failure("invalid \(kind) literal", at: start)
    }

    private static func radix(_ marker: UInt8) -> Int? {
        switch marker {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): 16
        case UInt8(ascii: "o"), UInt8(ascii: "O"): 8
        case UInt8(ascii: "b"), UInt8(ascii: "B"): 2
        default: nil
        }
    }

    private static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        guard let value = byte.hexDigitValue, Int(value) < radix else { return nil }
        return Int(value)
    }

    /// The double a float literal's digits (`1.`, `.5`, `1e-4`, no underscores) stand for;
    /// beyond the range of a double it is infinite, as in Python.
    private static func double(from text: String) -> Double {
        let parts = text.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        var mantissa = String(parts[0])
        if mantissa.hasPrefix(".") { mantissa = "0" + mantissa }
        if mantissa.hasSuffix(".") { mantissa += "0" }
        let normalized = parts.count == 2 ? mantissa + "e" + parts[1] : mantissa
        return Double(normalized) ?? .infinity
    }
}
