/// Python's `str.format`: `{}`, `{0}` and `{name}` fields with `!r`/`!s` conversions and
/// format specs; `{{` and `}}` are braces.
enum PythonStringFormat {
    /// `template.format(*positional, **keywords)`.
    static func format(
        _ template: String, _ positional: [PythonValue], _ keywords: [(name: String, value: PythonValue)],
        budget: PythonBudget
    ) throws(PythonFault) -> String {
        let scalars = Array(template.unicodeScalars)
        var output = ""
        var index = 0
        var automatic: Int?
        var manual = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "}" {
                guard index + 1 < scalars.count, scalars[index + 1] == "}" else {
                    throw PythonFault.error("Single '}' encountered in format string")
                }
                output += "}"
                index += 2
                continue
            }
            guard scalar == "{" else {
                output.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            if index + 1 < scalars.count && scalars[index + 1] == "{" {
                output += "{"
                index += 2
                continue
            }
            guard let close = scalars[(index + 1)...].firstIndex(of: "}") else {
                throw PythonFault.error("Single '{' encountered in format string")
            }
            let fieldText = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            if fieldText.contains("{") { throw PythonFault.unsupported("nested field in a format spec") }
            index = close + 1
            var name = Substring(fieldText)
            var spec = ""
            var conversion: Character?
            if let colon = name.firstIndex(of: ":") {
                spec = String(name[name.index(after: colon)...])
                name = name[..<colon]
            }
            if let bang = name.firstIndex(of: "!") {
                let letters = name[name.index(after: bang)...]
                guard letters.count == 1, let letter = letters.first, "rsa".contains(letter) else {
                    throw PythonFault.error("Unknown conversion specifier \(letters)")
                }
                conversion = letter
                name = name[..<bang]
            }
            if name.contains(".") || name.contains("[") {
                throw PythonFault.unsupported("format field with an attribute or index")
            }
            let value: PythonValue
            if name.isEmpty {
                guard !manual else {
                    throw PythonFault.error("cannot switch from manual field specification to automatic field numbering")
                }
                let position = automatic ?? 0
                automatic = position + 1
                guard position < positional.count else {
                    throw PythonFault.error("Replacement index \(position) out of range for positional args tuple")
                }
                value = positional[position]
            } else if let position = Int(name), name.allSatisfy(\.isNumber) {
                guard automatic == nil else {
                    throw PythonFault.error("cannot switch from automatic field numbering to manual field specification")
                }
                manual = true
                guard position < positional.count else {
                    throw PythonFault.error("Replacement index \(position) out of range for positional args tuple")
                }
                value = positional[position]
            } else {
                guard let found = keywords.last(where: { $0.name == String(name) }) else {
                    throw PythonFault.error("KeyError: \(String(name).pythonRepr)")
                }
                value = found.value
            }
            output += try field(value, conversion: conversion, spec: spec, budget: budget)
            guard output.utf8.count <= PythonValue.maxStringBytes else { throw PythonValue.tooLargeString }
        }
        return output
    }

    /// One field's text: `value` converted (`r`, `s`, `a`) then formatted by `spec`.
    static func field(_ value: PythonValue, conversion: Character?, spec: String, budget: PythonBudget)
        throws(PythonFault) -> String
    {
        switch conversion {
        case "r"?, "a"?:
            let text = try PythonRepr.repr(value, budget: budget)
            if conversion == "a" && !text.unicodeScalars.allSatisfy(\.isASCII) {
                throw PythonFault.unsupported("!a conversion of non-ASCII text")
            }
            return try PythonFormat.format(.string(text), spec: spec, budget: budget)
        case "s"?:
            return try PythonFormat.format(.string(try PythonRepr.str(value, budget: budget)), spec: spec, budget: budget)
        default:
            return try PythonFormat.format(value, spec: spec, budget: budget)
        }
    }
}
