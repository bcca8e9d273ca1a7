/// MMCV's `TextLoggerHook._dump_log`: one `json.dumps` line per log call,
/// floats rounded with `round(x, 5)`, keys in record order, Python's
/// separators (`", "`, `": "`), ASCII-only output and `NaN`/`Infinity`.
enum JSONLine {
    /// The JSON text of `record`, without the newline.
    static func format(_ record: LogRecord) -> String {
        let members = record.entries.map { "\(string($0.key)): \(value($0.value))" }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A value as `json.dumps` writes it after MMCV's rounding.
    static func value(_ value: LogValue) -> String {
        switch value {
        case .string(let text): return string(text)
        case .int(let number): return String(number)
        case .double(let number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
            return PythonFormat.repr(PythonFormat.round(number, digits: 5))
        }
    }

    /// A string literal as `json.dumps(ensure_ascii=True)` writes it.
    static func string(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
