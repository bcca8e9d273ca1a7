/// Writes a config as Python source the way MMCV's `Config.pretty_text` lays it out:
/// `key = value` per top-level key, `dict(a=1)` when every key is a Python name and
/// `{'a-b': 1}` otherwise, `(a, b)` tuples, `None`/`True`/`False`. A value that does not
/// fit in 79 columns puts one item per line, indented by 4.
enum PythonWriter {
    /// The widest line a value is kept on when it fits.
    static let lineWidth = 79

    /// The Python text of `entries`; throws when a top-level key cannot be a Python name.
    ///
    /// When the config has a top-level key `dict`, which would shadow the built-in for
    /// the lines after it, every dictionary is written in braces instead.
    static func render(_ entries: ConfigDict, file: String) throws(ConfigError) -> String {
        let callsDict = entries["dict"] == nil
        var text = ""
        for (key, value) in entries {
            guard key.isPythonName, !key.hasPrefix("__") else {
                throw ConfigError(
                    file: file,
                    problem: .malformed(
                        "top-level key '\(key)' is not a Python name, so the config cannot be written as .py "
                            + "(write it as json or yaml)"))
            }
            text += key + " = "
            append(value, to: &text, indent: 0, column: key.count + 3, callsDict: callsDict)
            text += "\n"
        }
        return text
    }

    /// Appends `value` to `text`, starting at `column` of a line indented by `indent`; the
    /// text is built in place, so the time is linear in its length however deep the value.
    static func append(_ value: ConfigValue, to text: inout String, indent: Int, column: Int, callsDict: Bool) {
        if let flat = flat(value, budget: lineWidth - column, callsDict: callsDict) {
            text += flat
            return
        }
        let inner = String(repeating: " ", count: indent + 4)
        func items<Item>(_ items: [Item], open: String, close: String, _ write: (Item, inout String) -> Void) {
            text += open + "\n"
            for (index, item) in items.enumerated() {
                if index > 0 { text += ",\n" }
                text += inner
                write(item, &text)
            }
            text += close
        }
        switch value {
        case .dict(let dict) where callsDict && dict.keys.allSatisfy(\.isPythonName):
            items(Array(dict), open: "dict(", close: ")") { entry, text in
                text += entry.key + "="
                append(entry.value, to: &text, indent: indent + 4, column: indent + 5 + entry.key.count, callsDict: callsDict)
            }
        case .dict(let dict):
            items(Array(dict), open: "{", close: "}") { entry, text in
                let key = entry.key.pythonRepr + ": "
                text += key
                append(entry.value, to: &text, indent: indent + 4, column: indent + 4 + key.count, callsDict: callsDict)
            }
        case .list(let values):
            items(values, open: "[", close: "]") { item, text in
                append(item, to: &text, indent: indent + 4, column: indent + 4, callsDict: callsDict)
            }
        case .tuple(let values):
            items(values, open: "(", close: values.count == 1 ? ",)" : ")") { item, text in
                append(item, to: &text, indent: indent + 4, column: indent + 4, callsDict: callsDict)
            }
        default:
            text += flat(value, budget: .max, callsDict: callsDict) ?? ""
        }
    }

    /// `value` on one line, or `nil` as soon as it is known to be longer than `budget`.
    static func flat(_ value: ConfigValue, budget: Int, callsDict: Bool) -> String? {
        switch value {
        case .dict(let dict) where callsDict && dict.keys.allSatisfy(\.isPythonName):
            return joined(
                dict.map { ($0.key + "=", $0.value) }, open: "dict(", close: ")", budget: budget, callsDict: callsDict)
        case .dict(let dict):
            return joined(
                dict.map { ($0.key.pythonRepr + ": ", $0.value) }, open: "{", close: "}", budget: budget,
                callsDict: callsDict)
        case .list(let items):
            return joined(items.map { ("", $0) }, open: "[", close: "]", budget: budget, callsDict: callsDict)
        case .tuple(let items):
            return joined(
                items.map { ("", $0) }, open: "(", close: items.count == 1 ? ",)" : ")", budget: budget,
                callsDict: callsDict)
        default:
            let text = scalar(value)
            return text.count <= budget ? text : nil
        }
    }

    private static func joined(
        _ items: [(prefix: String, value: ConfigValue)], open: String, close: String, budget: Int, callsDict: Bool
    ) -> String? {
        var text = open
        var remaining = budget - open.count - close.count
        for (index, item) in items.enumerated() {
            let separator = index == 0 ? "" : ", "
            remaining -= separator.count + item.prefix.count
            guard remaining >= 0, let rendered = flat(item.value, budget: remaining, callsDict: callsDict) else { return nil }
            remaining -= rendered.count
            text += separator + item.prefix + rendered
        }
        return remaining >= 0 ? text + close : nil
    }

    /// A scalar as Python source that reads back as the same value.
    static func scalar(_ value: ConfigValue) -> String {
        switch value {
        case .string(let string): string.pythonRepr
        case .int(let int): int == .min ? "(-9223372036854775807 - 1)" : String(int)
        case .double(let double) where double.isNaN: "(1e999 - 1e999)"
        case .double(let double) where double.isInfinite: double < 0 ? "-1e999" : "1e999"
        case .double(let double): double.pythonJSON
        case .bool(let bool): bool ? "True" : "False"
        case .null: "None"
        case .dict, .list, .tuple: ""
        }
    }
}

extension String {
    /// Whether the string is an ASCII Python identifier that is not a keyword, so it can
    /// name a variable or a `dict()` keyword argument.
    var isPythonName: Bool {
        guard let first = utf8.first, first.isIdentifierStart, utf8.allSatisfy(\.isWordByte) else { return false }
        return !pythonKeywords.contains(self)
    }

    /// The string as Python's `repr` writes it: single quotes unless it contains one and no
    /// double quote; `\\`, `\n`, `\r`, `\t` and `\xNN`/`\uNNNN`/`\UNNNNNNNN` for characters
    /// that are not printable.
    var pythonRepr: String {
        let quote: Unicode.Scalar = contains("'") && !contains("\"") ? "\"" : "'"
        var text = String(quote)
        for scalar in unicodeScalars {
            switch scalar {
            case quote, "\\": text += "\\" + String(scalar)
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.isPythonPrintable: text.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x100: text += "\\x" + String(scalar.value.hex4.suffix(2)).lowercased()
            case _ where scalar.value < 0x10000: text += "\\u" + scalar.value.hex4.lowercased()
            default:
                let hex = String(scalar.value, radix: 16)
                text += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        text.unicodeScalars.append(quote)
        return text
    }
}

extension Unicode.Scalar {
    /// Whether Python's `str.isprintable` holds for the character: not a control, format,
    /// private-use, unassigned or separator character, the ASCII space excepted.
    var isPythonPrintable: Bool {
        if value == 0x20 { return true }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
