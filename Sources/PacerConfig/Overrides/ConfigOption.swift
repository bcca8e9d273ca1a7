/// One `--cfg-options KEY=VALUE` item: a dotted key and its value, parsed as MMCV's
/// `DictAction` parses it.
///
/// The value is split from the key at the first `=`. Then, as in MMCV, quotes are stripped
/// from both ends and every space is removed; `[a,b]` is a list, `(a,b)` a tuple, and a
/// comma outside brackets makes a list; items are parsed the same way, recursively. A
/// scalar is an int if Python's `int()` takes it (`1_000`, `007`), else a float if
/// `float()` does (`1e-4`, `inf`), else `true`/`false` in any case is a bool, exactly
/// `None` is None, and anything else a string. Brackets that do not balance are an error.
public struct ConfigOption: Sendable, Hashable {
    /// The deepest bracket nesting accepted in a value.
    public static let maxDepth = 256

    /// The dotted key, such as `optimizer.lr` or `custom_hooks.0.priority`.
    public var key: String
    /// The parsed value.
    public var value: ConfigValue

    /// The option setting `key` to `value`.
    public init(key: String, value: ConfigValue) {
        self.key = key
        self.value = value
    }

    /// Parses one `KEY=VALUE` argument.
    public init(parsing argument: String) throws(ConfigError) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw Self.failure("'\(argument)' is not KEY=VALUE")
        }
        key = String(argument[..<equals])
        guard !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            throw ConfigError(file: Self.source, problem: .invalidKeyPath(key))
        }
        let text = String(argument[argument.index(after: equals)...])
        let cleaned = Self.cleaned(text)
        guard DictActionValue.isBalanced(cleaned.utf8) else {
            throw Self.failure("unbalanced brackets in '\(argument)'")
        }
        do {
            value = try DictActionValue.parse(cleaned[...], depth: 0)
        } catch {
            throw Self.failure("\(error.message) in '\(argument)'")
        }
    }

    /// Parses each of `arguments` as `KEY=VALUE`.
    public static func parse(_ arguments: [String]) throws(ConfigError) -> [ConfigOption] {
        var options: [ConfigOption] = []
        for argument in arguments {
            options.append(try ConfigOption(parsing: argument))
        }
        return options
    }

    /// What errors about options name in place of a file.
    static let source = "--cfg-options"

    /// `text` with quotes stripped from both ends and every space removed.
    static func cleaned(_ text: some StringProtocol) -> String {
        let quotes: Set<Character> = ["'", "\""]
        let trimmed = text.drop { quotes.contains($0) }.reversed().drop { quotes.contains($0) }.reversed()
        return String(trimmed.filter { $0 != " " })
    }

    private static func failure(_ message: String) -> ConfigError {
        ConfigError(file: source, problem: .malformed(message))
    }
}

/// MMCV's `DictAction._parse_iterable` and `_parse_int_float_bool`, without the infinite
/// recursion MMCV falls into on values such as `[1],[2]` or `a(1,2)`.
enum DictActionValue {
    /// Why a value could not be parsed.
    struct Failure: Error {
        let message: String
    }

    /// The value of `text` (already cleaned), `depth` brackets deep.
    static func parse(_ text: Substring, depth: Int) throws(Failure) -> ConfigValue {
        guard depth <= ConfigOption.maxDepth else {
            throw Failure(message: "brackets nested deeper than \(ConfigOption.maxDepth) levels")
        }
        let text = Substring(ConfigOption.cleaned(text))
        if let first = text.first, first == "(" || first == "[", closingIndex(of: text) == text.index(before: text.endIndex) {
            let inner = text.dropFirst().dropLast()
            let items = try elements(inner, depth: depth + 1)
            return first == "(" ? .tuple(items) : .list(items)
        }
        guard topLevelCommas(in: text).isEmpty else { return .list(try elements(text, depth: depth + 1)) }
        return try scalar(String(text))
    }

    /// The items of a comma-separated `text`; a trailing comma adds no item.
    private static func elements(_ text: Substring, depth: Int) throws(Failure) -> [ConfigValue] {
        var pieces: [Substring] = []
        var start = text.startIndex
        for comma in topLevelCommas(in: text) {
            pieces.append(text[start..<comma])
            start = text.index(after: comma)
        }
        pieces.append(text[start...])
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        var items: [ConfigValue] = []
        for piece in pieces {
            items.append(try parse(piece, depth: depth))
        }
        return items
    }

    /// The commas of `text` outside any brackets.
    private static func topLevelCommas(in text: Substring) -> [String.Index] {
        var commas: [String.Index] = []
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            case "," where depth == 0: commas.append(index)
            default: break
            }
        }
        return commas
    }

    /// The index of the bracket closing the one `text` starts with, or `nil`.
    private static func closingIndex(of text: Substring) -> String.Index? {
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "(", "[": depth += 1
            case ")", "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// Whether every `(` and `[` of `text` is closed by its own kind, in order.
    static func isBalanced(_ text: String.UTF8View) -> Bool {
        var open: [UInt8] = []
        for byte in text {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["): open.append(byte)
            case UInt8(ascii: ")"): if open.popLast() != UInt8(ascii: "(") { return false }
            case UInt8(ascii: "]"): if open.popLast() != UInt8(ascii: "[") { return false }
            default: break
            }
        }
        return open.isEmpty
    }

    /// An int, a float, a bool, None or a string, tried in MMCV's order.
    static func scalar(_ text: String) throws(Failure) -> ConfigValue {
        if PythonNumberText.isInt(text) {
            guard let int = Int(text.filter { $0 != "_" }) else {
                throw Failure(message: "integer '\(text)' does not fit in 64 bits")
            }
            return .int(int)
        }
        if let double = PythonNumberText.float(text) { return .double(double) }
        switch text.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: return text == "None" ? .null : .string(text)
        }
    }
}

/// Numbers as Python's `int(str)` and `float(str)` read them.
enum PythonNumberText {
    /// Whether `int(text)` would succeed: a sign, then ASCII digits with single
    /// underscores between them (leading zeros allowed).
    static func isInt(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        return isDigitPart(digits)
    }

    /// The value of `float(text)`, or `nil` when Python's `float()` would refuse it.
    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let lower = body.lowercased()
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        if lower == "nan" { return .nan }
        let parts = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "e" || $0 == "E" })
        guard (1...2).contains(parts.count) else { return nil }
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = mantissa[0]
        let fraction = mantissa.count == 2 ? mantissa[1] : ""
        guard whole.isEmpty || isDigitPart(whole), fraction.isEmpty || isDigitPart(fraction),
            !(whole.isEmpty && fraction.isEmpty)
        else { return nil }
        var exponent = "0"
        if parts.count == 2 {
            var digits = parts[1]
            let sign = digits.first == "-" ? "-" : ""
            if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
            guard isDigitPart(digits) else { return nil }
            exponent = sign + digits.filter { $0 != "_" }
        }
        let number = (whole.isEmpty ? "0" : whole.filter { $0 != "_" }) + "."
            + (fraction.isEmpty ? "0" : fraction.filter { $0 != "_" }) + "e" + exponent
        guard let magnitude = Double(number) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// ASCII digits with single underscores between them.
    private static func isDigitPart(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, first.isASCII && first.isNumber, last.isASCII && last.isNumber
        else { return false }
        var previousUnderscore = false
        for character in text {
            if character == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else if character.isASCII && character.isNumber {
                previousUnderscore = false
            } else {
                return false
            }
        }
        return true
    }
}
