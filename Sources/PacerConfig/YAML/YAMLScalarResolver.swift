/// What a plain (unquoted, untagged) YAML scalar means, by PyYAML's YAML 1.1 rules, which
/// MMCV uses: `null`/`~`/empty, `yes`/`no`/`on`/`off`/`true`/`false` in three casings,
/// integers in decimal, `0x`, `0b`, `0`-octal and base 60 (`1:30` is 90), floats, `.inf`
/// and `.nan`; underscores between digits are ignored. One deliberate difference: a float
/// needs neither a point nor a signed exponent, so `1e-4` and `1e5` are floats (PyYAML
/// reads them as strings), and `-.5` is a float too. Timestamps stay strings.
enum YAMLScalarResolver {
    /// The value of the plain scalar `text`; a string when no other type matches. Throws
    /// a message when `text` is an integer too large for 64 bits.
    static func resolve(_ text: String) throws(YAMLScalarError) -> ConfigValue {
        if let value = null(text) ?? bool(text) { return value }
        if let value = try int(text) { return value }
        if let value = float(text) { return value }
        return .string(text)
    }

    /// `null` for `~`, `null`, `Null`, `NULL` and the empty scalar.
    static func null(_ text: String) -> ConfigValue? {
        ["", "~", "null", "Null", "NULL"].contains(text) ? .null : nil
    }

    /// The boolean YAML 1.1 spells `text`, if any.
    static func bool(_ text: String) -> ConfigValue? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": .bool(true)
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": .bool(false)
        default: nil
        }
    }

    /// The integer `text` spells in one of YAML 1.1's forms, or `nil`.
    static func int(_ text: String) throws(YAMLScalarError) -> ConfigValue? {
        let (negative, body) = signAndBody(text)
        let digits = body.filter { $0 != UInt8(ascii: "_") }
        let magnitude: Int?
        if body.starts(with: "0b".utf8), body.count > 2, body.dropFirst(2).allSatisfy({ $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) {
            guard digits.count > 2 else { return nil }
            magnitude = parse(digits.dropFirst(2), radix: 2)
        } else if body.starts(with: "0x".utf8), body.count > 2, body.dropFirst(2).allSatisfy({ $0.hexDigitValue != nil || $0 == 0x5F }) {
            guard digits.count > 2 else { return nil }
            magnitude = parse(digits.dropFirst(2), radix: 16)
        } else if body.first == 0x30, body.count > 1, body.allSatisfy({ (0x30...0x37).contains($0) || $0 == 0x5F }) {
            magnitude = parse(digits[...], radix: 8)
        } else if body == [0x30] || (body.first.map { (0x31...0x39).contains($0) } ?? false) && body.allSatisfy({ $0.isDigit || $0 == 0x5F }) {
            magnitude = parse(digits[...], radix: 10)
        } else if let parts = sexagesimalParts(body), parts[0].first != 0x30 {
            magnitude = sexagesimal(parts)
        } else {
            return nil
        }
        switch magnitude {
        case nil: throw YAMLScalarError(text: text)
        case Int.min?: if negative { return .int(Int.min) } else { throw YAMLScalarError(text: text) }
        case let value?: return .int(negative ? -value : value)
        }
    }

    /// A float: digits with a fraction, an exponent or both, `.inf`, `.nan`, or base 60
    /// with a fraction (`1:30.5`); `nil` otherwise.
    static func float(_ text: String) -> ConfigValue? {
        let (negative, body) = signAndBody(text)
        let word = String(decoding: body, as: UTF8.self)
        if [".inf", ".Inf", ".INF"].contains(word) { return .double(negative ? -.infinity : .infinity) }
        if [".nan", ".NaN", ".NAN"].contains(word) { return text.utf8.count == body.count ? .double(.nan) : nil }
        guard let magnitude = decimalFloat(body) ?? sexagesimalFloat(body) else { return nil }
        return .double(negative ? -magnitude : magnitude)
    }

    /// `[0-9][0-9_]*`? `(.[0-9_]*)`? `([eE][-+]?[0-9]+)`?, with a point or an exponent, and a digit
    /// before the exponent.
    private static func decimalFloat(_ body: [UInt8]) -> Double? {
        var index = 0
        func skip(_ accepts: (UInt8) -> Bool) -> Int {
            let start = index
            while index < body.count, accepts(body[index]) { index += 1 }
            return index - start
        }
        if index < body.count, !body[index].isDigit, body[index] != UInt8(ascii: ".") { return nil }
        let wholeStart = index
        _ = skip { $0.isDigit || $0 == 0x5F }
        let whole = body[wholeStart..<index]
        var fraction: ArraySlice<UInt8> = []
        var hasPoint = false
        if index < body.count, body[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            let start = index
            _ = skip { $0.isDigit || $0 == 0x5F }
            fraction = body[start..<index]
        }
        guard (whole + fraction).contains(where: \.isDigit) else { return nil }
        var exponent = "0"
        if index < body.count, body[index] == UInt8(ascii: "e") || body[index] == UInt8(ascii: "E") {
            index += 1
            var sign = ""
            if index < body.count, body[index] == UInt8(ascii: "-") || body[index] == UInt8(ascii: "+") {
                sign = body[index] == UInt8(ascii: "-") ? "-" : ""
                index += 1
            }
            let start = index
            guard skip(\.isDigit) > 0 else { return nil }
            exponent = sign + String(decoding: body[start..<index], as: UTF8.self)
        } else if !hasPoint {
            return nil
        }
        guard index == body.count else { return nil }
        let wholeDigits = whole.filter { $0 != 0x5F }
        let fractionDigits = fraction.filter { $0 != 0x5F }
        let text = (wholeDigits.isEmpty ? "0" : String(decoding: wholeDigits, as: UTF8.self)) + "."
            + (fractionDigits.isEmpty ? "0" : String(decoding: fractionDigits, as: UTF8.self)) + "e" + exponent
        return Double(text)
    }

    /// `1:30.5`: base 60 with a fraction.
    private static func sexagesimalFloat(_ body: [UInt8]) -> Double? {
        guard let dot = body.lastIndex(of: UInt8(ascii: ".")),
            let parts = sexagesimalParts(Array(body[..<dot])), !parts[0].isEmpty,
            body[(dot + 1)...].allSatisfy({ $0.isDigit || $0 == 0x5F }),
            let whole = sexagesimal(parts)
        else { return nil }
        let fraction = body[(dot + 1)...].filter { $0 != 0x5F }
        return Double(whole) + (Double("0." + String(decoding: fraction, as: UTF8.self) + "0") ?? 0)
    }

    /// The parts of `[0-9][0-9_]*(:[0-5]?[0-9])+`, or `nil` when `body` is not of that form.
    private static func sexagesimalParts(_ body: [UInt8]) -> [ArraySlice<UInt8>]? {
        let parts = body.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count > 1, let first = parts[0].first, first.isDigit,
            parts[0].allSatisfy({ $0.isDigit || $0 == 0x5F })
        else { return nil }
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy(\.isDigit), part.count == 1 || part.first! <= 0x35 else {
                return nil
            }
        }
        return parts
    }

    /// The value of base-60 `parts`, or `nil` when it does not fit in 64 bits.
    private static func sexagesimal(_ parts: [ArraySlice<UInt8>]) -> Int? {
        var total = 0
        for part in parts {
            guard let digit = parse(part.filter { $0 != 0x5F }[...], radix: 10), digit >= 0 else { return nil }
            let (shifted, overflow) = total.multipliedReportingOverflow(by: 60)
            let (sum, carried) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carried else { return nil }
            total = sum
        }
        return total
    }

    /// The non-negative integer `digits` spell in `radix`; `nil` beyond `Int.max`, except
    /// that 2^63 comes back as `Int.min` so a minus sign can still apply to it.
    private static func parse(_ digits: ArraySlice<UInt8>, radix: Int) -> Int? {
        guard let value = UInt64(String(decoding: digits, as: UTF8.self), radix: radix) else { return nil }
        if value == UInt64(Int.max) + 1 { return Int.min }
        return value <= UInt64(Int.max) ? Int(value) : nil
    }

    private static func signAndBody(_ text: String) -> (negative: Bool, body: [UInt8]) {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") else { return (false, bytes) }
        return (first == UInt8(ascii: "-"), Array(bytes.dropFirst()))
    }
}

/// An integer scalar too large for 64 bits.
struct YAMLScalarError: Error {
    /// The scalar as written.
    let text: String

    /// The problem in words.
    var message: String { "integer '\(text)' does not fit in 64 bits" }
}
