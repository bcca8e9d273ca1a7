extension Double {
    /// The number as Python's `json.dumps` writes a float: the shortest digits that read
    /// back as the same double, in fixed notation with at least one fractional digit
    /// (`0.1`, `100.0`) unless the decimal exponent is below -4 or above 15, then in
    /// exponent notation with a signed two-digit-minimum exponent (`1e-05`, `1.5e+300`).
    /// Non-finite values are `NaN`, `Infinity` and `-Infinity`.
    var pythonJSON: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        // Swift's description has the same shortest round-trip digits as Python's repr;
        // only the layout differs, so take the digits and the exponent from it.
        let (digits, pointPosition) = Double.decimalDigits(of: magnitude.description)
        let sign = self.sign == .minus ? "-" : ""
        guard !digits.isEmpty else { return sign + "0.0" }
        // The value is 0.d1d2d3... × 10^pointPosition, as in CPython's float_repr.
        if pointPosition <= -4 || pointPosition > 16 {
            let exponent = pointPosition - 1
            let mantissa = digits.count == 1 ? digits : "\(digits.first!).\(digits.dropFirst())"
            let magnitude = String(abs(exponent))
            let padded = magnitude.count < 2 ? "0" + magnitude : magnitude
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + padded
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The significant digits of a non-negative decimal `text` such as `0.0001`, `100.0`
    /// or `1.5e+300`, without leading or trailing zeros, and the position of the decimal
    /// point relative to the first of them (`1.5e+300` → `("15", 301)`).
    private static func decimalDigits(of text: String) -> (digits: String, pointPosition: Int) {
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = mantissa[0]
        var digits = String(integerPart) + (mantissa.count == 2 ? mantissa[1] : "")
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leadingZeros)
        while digits.last == "0" { digits.removeLast() }
        return (digits, integerPart.count + exponent - leadingZeros)
    }
}
