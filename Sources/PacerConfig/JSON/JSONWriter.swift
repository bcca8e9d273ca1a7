/// Renders a config value as JSON text in the layout of Python's `json.dumps`.
struct JSONWriter {
    let indent: Int?
    private(set) var output = ""
    private var depth = 0

    init(indent: Int?) {
        self.indent = indent
    }

    mutating func write(_ value: ConfigValue) {
        switch value {
        case .dict(let dict):
            writeContainer(dict, open: "{", close: "}") { writer, entry in
                writer.writeString(entry.key)
                writer.output += ": "
                writer.write(entry.value)
            }
        case .list(let items), .tuple(let items):
            writeContainer(items, open: "[", close: "]") { writer, item in
                writer.write(item)
            }
        case .string(let string):
            writeString(string)
        case .int(let int):
            output += String(int)
        case .double(let double):
            output += double.pythonJSON
        case .bool(let bool):
            output += bool ? "true" : "false"
        case .null:
            output += "null"
        }
    }

    private mutating func writeContainer<Items: Sequence>(
        _ items: Items, open: String, close: String,
        writeItem: (inout JSONWriter, Items.Element) -> Void
    ) {
        output += open
        depth += 1
        var first = true
        for item in items {
            if !first { output += indent == nil ? ", " : "," }
            first = false
            writeLineBreak()
            writeItem(&self, item)
        }
        depth -= 1
        if !first { writeLineBreak() }
        output += close
    }

    /// A new line at the current depth, when indenting.
    private mutating func writeLineBreak() {
        guard let indent else { return }
        output += "\n" + String(repeating: " ", count: indent * depth)
    }

    private mutating func writeString(_ string: String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
