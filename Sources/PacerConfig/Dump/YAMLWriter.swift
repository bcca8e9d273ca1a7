/// Writes a config as block-style YAML that `YAMLReader` (and PyYAML) read back as the same
/// tree: keys in order (PyYAML's `yaml.dump` would sort them), sequences under a key at the
/// key's indentation as PyYAML writes them, tuples tagged `!!python/tuple`, and strings
/// quoted whenever a plain scalar would read as something else.
enum YAMLWriter {
    /// The YAML text of `entries`.
    static func render(_ entries: ConfigDict) -> String {
        guard !entries.isEmpty else { return "{}\n" }
        return mappingLines(entries, indent: 0).joined(separator: "\n") + "\n"
    }

    private static func mappingLines(_ dict: ConfigDict, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for (key, value) in dict {
            let keyText = scalarText(key)
            guard keyText.unicodeScalars.count <= maxImplicitKey else {
                lines += explicitEntry(keyText, value, indent: indent)
                continue
            }
            let head = pad + keyText + ":"
            switch value {
            case .dict(let child) where !child.isEmpty:
                lines.append(head)
                lines += mappingLines(child, indent: indent + 2)
            case .list(let items) where !items.isEmpty:
                lines.append(head)
                lines += sequenceLines(items, indent: indent)
            case .tuple(let items) where !items.isEmpty:
                lines.append(head + " !!python/tuple")
                lines += sequenceLines(items, indent: indent)
            default:
                lines.append(head + " " + inline(value))
            }
        }
        return lines
    }

    /// The longest key written as `key: value`; YAML allows implicit keys of at most
    /// 1024 characters, so longer ones are written `? key` / `: value`.
    static let maxImplicitKey = 1000

    /// A mapping entry whose key is too long for the implicit form.
    private static func explicitEntry(_ keyText: String, _ value: ConfigValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let head = [pad + "? " + keyText]
        switch value {
        case .dict(let child) where !child.isEmpty:
            return head + [pad + ":"] + mappingLines(child, indent: indent + 2)
        case .list(let items) where !items.isEmpty:
            return head + [pad + ":"] + sequenceLines(items, indent: indent + 2)
        case .tuple(let items) where !items.isEmpty:
            return head + [pad + ": !!python/tuple"] + sequenceLines(items, indent: indent + 2)
        default:
            return head + [pad + ": " + inline(value)]
        }
    }

    private static func sequenceLines(_ items: [ConfigValue], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for item in items {
            switch item {
            case .dict(let child) where !child.isEmpty:
                lines += bulleted(mappingLines(child, indent: indent + 2), indent: indent)
            case .list(let children) where !children.isEmpty:
                lines += bulleted(sequenceLines(children, indent: indent + 2), indent: indent)
            case .tuple(let children) where !children.isEmpty:
                lines.append(pad + "- !!python/tuple")
                lines += sequenceLines(children, indent: indent + 2)
            default:
                lines.append(pad + "- " + inline(item))
            }
        }
        return lines
    }

    /// `lines` (indented by `indent + 2`) as one sequence item: the first line's last two
    /// spaces of indentation become `- `.
    private static func bulleted(_ lines: [String], indent: Int) -> [String] {
        guard let first = lines.first else { return lines }
        return [String(repeating: " ", count: indent) + "- " + first.dropFirst(indent + 2)] + lines.dropFirst()
    }

    /// A scalar or an empty container on one line.
    private static func inline(_ value: ConfigValue) -> String {
        switch value {
        case .dict: "{}"
        case .list: "[]"
        case .tuple: "!!python/tuple []"
        case .string(let string): scalarText(string)
        case .int(let int): String(int)
        case .double(let double) where double.isNaN: ".nan"
        case .double(let double) where double.isInfinite: double < 0 ? "-.inf" : ".inf"
        case .double(let double): double.pyYAML
        case .bool(let bool): bool ? "true" : "false"
        case .null: "null"
        }
    }

    /// `string` plain when that reads back as the same string, double-quoted otherwise.
    static func scalarText(_ string: String) -> String {
        isPlainSafe(string) ? string : doubleQuoted(string)
    }

    private static func isPlainSafe(_ string: String) -> Bool {
        guard let first = string.utf8.first, let last = string.utf8.last,
            string.utf8.allSatisfy({ (0x20...0x7E).contains($0) }),
            !"-?:,[]{}#&*!|>'\"%@` ".utf8.contains(first), last != UInt8(ascii: " "), last != UInt8(ascii: ":"),
            !string.contains(": "), !string.contains(" #"), !string.hasPrefix("..."), string != "<<", string != "="
        else { return false }
        guard case .string(let read)? = try? YAMLScalarResolver.resolve(string) else { return false }
        return read == string
    }

    private static func doubleQuoted(_ string: String) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x00: text += "\\0"
            case 0x09: text += "\\t"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x85: text += "\\N"
            case 0x2028: text += "\\L"
            case 0x2029: text += "\\P"
            case 0x01...0x1F, 0x7F...0x9F: text += "\\x" + String(scalar.value.hex4.suffix(2))
            case 0xFEFF, 0xFFFE, 0xFFFF: text += "\\u" + scalar.value.hex4
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}

extension Double {
    /// The number as PyYAML dumps a float, so PyYAML and Yams read it back as this float:
    /// Python's repr with `.0` added to a mantissa without a point (`1.0e-08`, `1.0e+16`),
    /// since YAML 1.1 reads `1e-08` as a string.
    var pyYAML: String {
        let text = pythonJSON
        guard let exponent = text.firstIndex(of: "e"), !text[..<exponent].contains(".") else { return text }
        return text[..<exponent] + ".0" + text[exponent...]
    }
}
