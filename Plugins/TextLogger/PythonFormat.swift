#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few Python formatting rules MMCV's log lines depend on, so that
/// Pacer's logs read (and parse) exactly like MMCV's.
enum PythonFormat {
    /// `f'{x:.{digits}f}'`, e.g. `.4f`: `0.6523`.
    static func fixed(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "nan" }
        return printf("%.\(digits)f", x)
    }

    /// `f'{x:.{digits}e}'`, e.g. `.3e`: `1.000e-01`.
    static func exponent(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "nan" }
        return printf("%.\(digits)e", x)
    }

    /// `round(x, digits)`: the double nearest to `x` correctly rounded to
    /// `digits` decimals (C's `%.Nf` rounds the exact binary value half-even,
    /// as Python's dtoa does).
    static func round(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        return strtod(printf("%.\(digits)f", x), nil)
    }

    /// `repr(x)`: the shortest digits that round-trip, in fixed notation
    /// when the decimal exponent is in -4..<16 and in exponent notation
    /// otherwise (`0.1`, `100.0`, `1e-05`, `1e+16`).
    static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        // Swift's description has the same shortest round-trip digits as
        // Python's repr, only a different layout: re-lay them out.
        let text = x.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = mantissa[0]
        let fraction = mantissa.count > 1 ? mantissa[1] : ""
        var digits = Array(whole + fraction)
        var point = whole.count + exponent  // value = 0.<digits> * 10^point
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        if digits.isEmpty { return sign + "0.0" }
        if point <= -4 || point > 16 {
            let power = point - 1
            let head = String(digits[0])
            let tail = digits.count > 1 ? "." + String(digits[1...]) : ""
            let powerText = abs(power) < 10 ? "0\(abs(power))" : "\(abs(power))"
            return sign + head + tail + "e" + (power < 0 ? "-" : "+") + powerText
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + String(digits)
        }
        if point < digits.count {
            return sign + String(digits[..<point]) + "." + String(digits[point...])
        }
        return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
    }

    /// `str(datetime.timedelta(seconds=n))`: `H:MM:SS`, with a
    /// `"N day(s), "` prefix when `n` is at least a day or negative.
    static func timedelta(seconds n: Int) -> String {
        let day = 86_400
        let days = n >= 0 ? n / day : -((-n + day - 1) / day)
        let rest = n - days * day
        let clock = "\(rest / 3600):" + twoDigits(rest % 3600 / 60) + ":" + twoDigits(rest % 60)
        guard days != 0 else { return clock }
        return "\(days) day\(abs(days) == 1 ? "" : "s"), " + clock
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// C's `snprintf(format, x)` for one double.
    private static func printf(_ format: String, _ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([x]) { vsnprintf(out.baseAddress, out.count, format, $0) }
        }
        guard written >= 0 else { return "\(x)" }
        let end = min(Int(written), buffer.count - 1)
        return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
