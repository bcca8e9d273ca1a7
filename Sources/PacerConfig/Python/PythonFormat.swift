#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Python's format mini-language (`f'{lr:.1e}'`, `'{:>4d}'.format(n)`) for the values a
/// config formats: `[[fill]align][sign][#][0][width][,|_][.precision][type]` with the types
/// `s`, `d`, `b`, `o`, `x`, `X`, `e`, `E`, `f`, `F`, `g`, `G` and `%`.
enum PythonFormat {
    /// The longest precision accepted.
    static let maxPrecision = 100

    /// `format(value, spec)`.
    static func format(_ value: PythonValue, spec: String, budget: PythonBudget) throws(PythonFault) -> String {
        if spec.isEmpty { return try PythonRepr.str(value, budget: budget) }
        let parsed = try Spec(spec)
        switch value {
        case .string(let string):
            guard parsed.type == nil || parsed.type == "s" else { throw unknownCode(parsed.type, value) }
            guard parsed.sign == nil else { throw PythonFault.error("Sign not allowed in string format specifier") }
            guard parsed.grouping == nil else { throw PythonFault.error("Cannot specify ',' with 's'.") }
            guard !parsed.alternate else { throw PythonFault.error("Alternate form (#) not allowed in string format specifier") }
            var scalars = String.UnicodeScalarView(string.unicodeScalars)
            if let precision = parsed.precision, precision < scalars.count {
                scalars = String.UnicodeScalarView(scalars.prefix(precision))
            }
            return try parsed.pad(String(scalars), defaultAlign: "<", budget: budget)
        case .int, .bool:
            guard let int = PythonSubscript.integer(value) else { throw unknownCode(parsed.type, value) }
            if let type = parsed.type, "eEfFgG%".contains(type) {
                return try formatFloat(Double(int), parsed, budget: budget)
            }
            return try formatInteger(int, parsed, value: value, budget: budget)
        case .float(let double):
            return try formatFloat(double, parsed, budget: budget)
        case .reference:
            throw PythonSemantics.referenceFault
        default:
            throw PythonFault.error("unsupported format string passed to \(value.typeName).__format__")
        }
    }

    private static func unknownCode(_ type: Character?, _ value: PythonValue) -> PythonFault {
        let name = value.typeName == "bool" ? "int" : value.typeName
        return PythonFault.error("Unknown format code '\(type.map(String.init) ?? "")' for object of type '\(name)'")
    }

    private static func formatInteger(_ int: Int, _ spec: Spec, value: PythonValue, budget: PythonBudget)
        throws(PythonFault) -> String
    {
        guard spec.precision == nil else { throw PythonFault.error("Precision not allowed in integer format specifier") }
        let radix: Int
        var prefix = ""
        switch spec.type {
        case nil, "d": radix = 10
        case "b": radix = 2; prefix = "0b"
        case "o": radix = 8; prefix = "0o"
        case "x": radix = 16; prefix = "0x"
        case "X": radix = 16; prefix = "0X"
        default: throw unknownCode(spec.type, value)
        }
        var digits = String(int.magnitude, radix: radix, uppercase: spec.type == "X")
        if let grouping = spec.grouping {
            guard radix == 10 || grouping == "_" else {
                throw PythonFault.error("Cannot specify ',' with '\(spec.type.map(String.init) ?? "")'.")
            }
            digits = group(digits, separator: grouping, every: radix == 10 ? 3 : 4)
        }
        let sign = int < 0 ? "-" : spec.sign == "-" || spec.sign == nil ? "" : String(spec.sign ?? "-")
        return try spec.pad(digits, sign: sign + (spec.alternate ? prefix : ""), defaultAlign: ">", budget: budget)
    }

    private static func formatFloat(_ double: Double, _ spec: Spec, budget: PythonBudget) throws(PythonFault) -> String {
        guard let type = spec.type else {
            guard spec.precision == nil else {
                throw PythonFault.unsupported("format spec with a precision and no type for a float")
            }
            let text = PythonRepr.float(double.magnitude)
            return try spec.pad(text, sign: signText(double, spec), defaultAlign: ">", budget: budget)
        }
        guard "eEfFgG%".contains(type) else { throw unknownCode(type, .float(double)) }
        let precision = spec.precision ?? 6
        var body: String
        if !double.isFinite {
            body = double.isNaN ? "nan" : "inf"
            if type.isUppercase { body = body.uppercased() }
            if type == "%" { body += "%" }
        } else {
            let magnitude = type == "%" ? double.magnitude * 100 : double.magnitude
            let letter = type == "%" ? "f" : String(type)
            body = printf(magnitude, precision: precision, conversion: letter, alternate: spec.alternate)
            if type == "%" { body += "%" }
            if let grouping = spec.grouping {
                let integerEnd = body.firstIndex { !$0.isNumber } ?? body.endIndex
                body = group(String(body[..<integerEnd]), separator: grouping, every: 3) + body[integerEnd...]
            }
        }
        return try spec.pad(body, sign: signText(double, spec), defaultAlign: ">", budget: budget)
    }

    private static func signText(_ double: Double, _ spec: Spec) -> String {
        if double.sign == .minus && !double.isNaN { return "-" }
        return spec.sign == "+" ? "+" : spec.sign == " " ? " " : ""
    }

    /// `value` written by C's `printf` with `%.<precision><conversion>` (exact, as Python's).
    private static func printf(_ value: Double, precision: Int, conversion: String, alternate: Bool) -> String {
        let format = "%" + (alternate ? "#" : "") + ".*" + conversion
        var buffer = [CChar](repeating: 0, count: 400 + precision)
        let count = buffer.count
        _ = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([Int32(precision), value]) { vsnprintf(pointer.baseAddress, count, format, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `digits` with `separator` between groups of `every` digits from the right.
    private static func group(_ digits: String, separator: Character, every size: Int) -> String {
        var result = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % size == 0 { result.append(separator) }
            result.append(digit)
        }
        return result
    }

    /// A parsed format spec.
    private struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character?
        var alternate = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?

        init(_ text: String) throws(PythonFault) {
            var rest = Substring(text)
            let aligns: Set<Character> = ["<", ">", "^", "="]
            if rest.count >= 2, aligns.contains(rest[rest.index(after: rest.startIndex)]) {
                fill = rest.removeFirst()
                align = rest.removeFirst()
            } else if let first = rest.first, aligns.contains(first) {
                align = rest.removeFirst()
            }
            if let first = rest.first, "+- ".contains(first) { sign = rest.removeFirst() }
            if rest.first == "z" { throw PythonFault.unsupported("'z' in a format spec") }
            if rest.first == "#" {
                alternate = true
                rest.removeFirst()
            }
            if rest.first == "0" {
                if align == nil {
                    fill = "0"
                    align = "="
                }
                rest.removeFirst()
            }
            width = try Self.number(&rest) ?? 0
            if let first = rest.first, first == "," || first == "_" { grouping = rest.removeFirst() }
            if rest.first == "." {
                rest.removeFirst()
                guard let digits = try Self.number(&rest) else { throw PythonFault.error("Format specifier missing precision") }
                guard digits <= PythonFormat.maxPrecision else {
                    throw PythonFault.unsupported("format precision above \(PythonFormat.maxPrecision)")
                }
                precision = digits
            }
            if !rest.isEmpty { type = rest.removeFirst() }
            guard rest.isEmpty else { throw PythonFault.error("Invalid format specifier '\(text)'") }
        }

        private static func number(_ rest: inout Substring) throws(PythonFault) -> Int? {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            guard digits.count <= 7, let value = Int(digits), value <= PythonValue.maxStringBytes else {
                throw PythonValue.tooLargeString
            }
            return value
        }

        /// `body` (after `sign`) padded to `width` with `fill`, aligned as asked.
        func pad(_ body: String, sign: String = "", defaultAlign: Character, budget: PythonBudget) throws(PythonFault)
            -> String
        {
            let length = body.unicodeScalars.count + sign.unicodeScalars.count
            let padding = max(0, width - length)
            try budget.chargeString(padding + body.utf8.count)
            guard padding > 0 else { return sign + body }
            let fillText = String(fill)
            switch align ?? defaultAlign {
            case "<": return sign + body + String(repeating: fillText, count: padding)
            case "^":
                let left = padding / 2
                return String(repeating: fillText, count: left) + sign + body
                    + String(repeating: fillText, count: padding - left)
            case "=": return sign + String(repeating: fillText, count: padding) + body
            default: return String(repeating: fillText, count: padding) + sign + body
            }
        }
    }
}
