/// A recursive-descent JSON parser over UTF-8 bytes; see `JSONReader` for what it accepts.
struct JSONParser {
    let bytes: [UInt8]
    let file: String
    var index = 0
    private var depth = 0
    /// Whether the text is a config file, where `{{ _base_.x }}` and `{{ fileDirname }}`
    /// may stand as values and predefined variables are replaced inside strings.
    private let readsConfig: Bool
    private let variables: PredefinedVariables?
    /// Where the value being parsed sits, when reading a config.
    private var path: [ConfigKeyPath.Component] = []
    /// The `{{ _base_.x }}` references met, when reading a config.
    private(set) var references: [BaseReference] = []
    /// The values read so far, counted when reading a config.
    private var valueCount = 0

    init(bytes: [UInt8], file: String, readsConfig: Bool = false, variables: PredefinedVariables? = nil) {
        self.bytes = bytes
        self.file = file
        self.readsConfig = readsConfig
        self.variables = variables
    }

    /// The whole text as one value, followed by nothing but whitespace.
    mutating func parseDocument() throws(ConfigError) -> ConfigValue {
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw failure("invalid UTF-8 byte sequence (save the file as UTF-8)", at: offset)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw failure("unexpected \(found) after the top-level value")
        }
        return value
    }

    mutating func parseValue() throws(ConfigError) -> ConfigValue {
        guard let byte = peek else { throw failure("unexpected end of file, expected a value") }
        if readsConfig {
            valueCount += 1
            guard valueCount <= ConfigLimits.maxValues else { throw failure(ConfigLimits.tooManyValues) }
        }
        switch byte {
        case UInt8(ascii: "{") where readsConfig && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "{"):
            return try parseBrace()
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseConfigString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case _ where byte.isWordByte: return try parseWord()
        case UInt8(ascii: "'"): throw failure("unexpected single quote (JSON strings use double quotes)")
        case UInt8(ascii: "/"): throw failure("unexpected '/' (JSON does not allow comments)")
        default: throw failure("unexpected \(found), expected a value")
        }
    }

    private mutating func parseObject() throws(ConfigError) -> ConfigValue {
        try enterContainer()
        defer { depth -= 1 }
        var dict = ConfigDict()
        var keyOffsets: [String: Int] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .dict(dict) }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                if peek == UInt8(ascii: "}") { throw failure("trailing comma before '}'") }
                throw failure("expected a key in double quotes, found \(found)")
            }
            let keyOffset = index
            let key = try parseConfigString()
            if let first = keyOffsets[key] {
                let position = SourcePosition(offset: first, in: bytes)
                throw failure("duplicate key '\(key)' (first at \(position.line):\(position.column))", at: keyOffset)
            }
            keyOffsets[key] = keyOffset
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else {
                throw failure("expected ':' after key '\(key)', found \(found)")
            }
            skipWhitespace()
            path.append(.key(key))
            dict[key] = try parseValue()
            path.removeLast()
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return .dict(dict) }
            guard consume(UInt8(ascii: ",")) else {
                throw failure("expected ',' or '}' after the value of '\(key)', found \(found)")
            }
        }
    }

    private mutating func parseArray() throws(ConfigError) -> ConfigValue {
        try enterContainer()
        defer { depth -= 1 }
        var items: [ConfigValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .list(items) }
        while true {
            skipWhitespace()
            if peek == UInt8(ascii: "]") { throw failure("trailing comma before ']'") }
            path.append(.index(items.count))
            items.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .list(items) }
            guard consume(UInt8(ascii: ",")) else {
                throw failure("expected ',' or ']' after an array item, found \(found)")
            }
        }
    }

    /// A string, with predefined variables replaced when reading a config.
    private mutating func parseConfigString() throws(ConfigError) -> String {
        let string = try parseString()
        return variables?.substitute(in: string) ?? string
    }

    /// `{{ _base_.a.b }}` (a reference, left as its text) or `{{ fileDirname }}` (its value).
    private mutating func parseBrace() throws(ConfigError) -> ConfigValue {
        let start = index
        guard let brace = BraceExpression.scan(bytes, at: index), let expression = BraceExpression(word: brace.word) else {
            throw failure("expected {{ _base_.key }} or a predefined variable such as {{ fileDirname }} after '{{'")
        }
        let text = String(decoding: bytes[start..<brace.end], as: UTF8.self)
        index = brace.end
        switch expression {
        case .variable(let name):
            return .string(variables?.value(of: name) ?? text)
        case .baseReference(let keys):
            guard !keys.contains(where: \.isEmpty) else { throw failure("\(text) has an empty key", at: start) }
            let reference = BaseReference(
                keys: keys, keyPath: ConfigKeyPath(path), position: SourcePosition(offset: start, in: bytes))
            references.append(reference)
            return .string(reference.text)
        }
    }

    /// Steps over the opening bracket, refusing nesting deeper than `JSONReader.maxDepth`.
    private mutating func enterContainer() throws(ConfigError) {
        guard depth < JSONReader.maxDepth else {
            throw failure("objects and arrays nested deeper than \(JSONReader.maxDepth) levels")
        }
        depth += 1
        index += 1
    }

    /// A bare word: `true`, `false`, `null`, `NaN` or `Infinity`.
    private mutating func parseWord() throws(ConfigError) -> ConfigValue {
        let start = index
        let word = readWord()
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "NaN": return .double(.nan)
        case "Infinity": return .double(.infinity)
        case "True", "False", "None":
            let json = ["True": "true", "False": "false", "None": "null"][word]!
            throw failure("unexpected '\(word)' (JSON writes it as \(json))", at: start)
        default:
            throw failure("unexpected word '\(word)' (strings need double quotes)", at: start)
        }
    }

    /// The run of letters, digits and underscores at the current position.
    mutating func readWord() -> String {
        let start = index
        while let byte = peek, byte.isWordByte { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Cursor

    var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func skipWhitespace() {
        while let byte = peek,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }

    /// What sits at the current position, for messages: `'x'`, `end of file`, `U+0001`.
    var found: String {
        guard index < bytes.count else { return "end of file" }
        // The text is valid UTF-8 (checked first), so the first scalar decodes cleanly.
        let scalar = String(decoding: bytes[index..<min(index + 4, bytes.count)], as: UTF8.self)
            .unicodeScalars.first!
        guard scalar.properties.generalCategory == .control || scalar.properties.isWhitespace else {
            return "'\(scalar)'"
        }
        return "U+" + scalar.value.hex4
    }

    /// An error at byte `offset` (the current position by default).
    func failure(_ message: String, at offset: Int? = nil) -> ConfigError {
        ConfigError(
            file: file, position: SourcePosition(offset: offset ?? index, in: bytes),
            problem: .malformed(message))
    }
}

extension UInt32 {
    /// At least four uppercase hex digits: `000A`, `D83D`, `1F600`.
    var hex4: String {
        let hex = String(self, radix: 16, uppercase: true)
        return String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
    }
}

extension UInt8 {
    /// An ASCII letter, digit or underscore: a byte of a bare word such as `true`.
    var isWordByte: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || self == UInt8(ascii: "_")
    }
}
