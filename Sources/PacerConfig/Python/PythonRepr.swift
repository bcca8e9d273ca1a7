/// Python's `repr()` and `str()` of evaluated values, refused past `maxStringBytes`.
enum PythonRepr {
    /// `str(value)`: a string itself, anything else its `repr`.
    static func str(_ value: PythonValue, budget: PythonBudget) throws(PythonFault) -> String {
        if case .string(let string) = value { return string }
        return try repr(value, budget: budget)
    }

    /// `repr(value)`.
    static func repr(_ value: PythonValue, budget: PythonBudget) throws(PythonFault) -> String {
        var text = ""
        try append(value, to: &text, budget: budget, depth: 0)
        return text
    }

    /// A float as Python writes it: `0.1`, `1e-05`, `1e+16`, `inf`, `nan`.
    static func float(_ double: Double) -> String {
        if double.isNaN { return "nan" }
        if double.isInfinite { return double < 0 ? "-inf" : "inf" }
        return double.pythonJSON
    }

    private static func append(_ value: PythonValue, to text: inout String, budget: PythonBudget, depth: Int)
        throws(PythonFault)
    {
        guard depth <= PythonValue.maxDepth else { throw PythonValue.tooDeep }
        try budget.charge()
        switch value {
        case .int(let int): text += String(int)
        case .float(let double): text += float(double)
        case .bool(let bool): text += bool ? "True" : "False"
        case .none: text += "None"
        case .string(let string):
            try budget.chargeString(string.utf8.count)
            text += string.pythonRepr
        case .list(let list):
            try appendItems(list.items, open: "[", close: "]", to: &text, budget: budget, depth: depth)
        case .tuple(let items):
            try appendItems(items, open: "(", close: items.count == 1 ? ",)" : ")", to: &text, budget: budget, depth: depth)
        case .set(let set):
            if set.count == 0 {
                text += "set()"
            } else {
                try appendItems(set.items, open: "{", close: "}", to: &text, budget: budget, depth: depth)
            }
        case .dict(let dict):
            text += "{"
            for (position, entry) in dict.entries.enumerated() {
                if position > 0 { text += ", " }
                text += entry.key.pythonRepr + ": "
                try append(entry.value, to: &text, budget: budget, depth: depth + 1)
                try check(text)
            }
            text += "}"
        case .iterator(let kind, _):
            throw PythonFault.unsupported("text of a \(kind) object")
        case .reference:
            throw PythonSemantics.referenceFault
        }
        try check(text)
    }

    private static func appendItems(
        _ items: [PythonValue], open: String, close: String, to text: inout String, budget: PythonBudget, depth: Int
    ) throws(PythonFault) {
        text += open
        for (position, item) in items.enumerated() {
            if position > 0 { text += ", " }
            try append(item, to: &text, budget: budget, depth: depth + 1)
            try check(text)
        }
        text += close
    }

    private static func check(_ text: String) throws(PythonFault) {
        guard text.utf8.count <= PythonValue.maxStringBytes else { throw PythonValue.tooLargeString }
    }
}
