/// A pass over YAML text, before Yams composes it, that refuses mapping keys which are not
/// scalars: aliases and flow collections used as keys, and explicit `?` keys other than a
/// scalar on the same line.
///
/// Yams hashes every mapping key in full to find duplicates; an alias key expanding to a
/// nested alias structure (`? *a` where `a: &a [*b, *b]`, `b: &b [*c, *c]`, ...) takes time
/// exponential in the text. Config keys are strings, so such keys are refused up front,
/// with the error a scalar-only key rule gives anyway. The pass follows libyaml's token
/// rules closely enough that every real alias and flow collection is seen; text inside
/// multi-line strings is scanned too, so an odd string could be refused, never let through.
struct YAMLKeyGuard {
    let bytes: [UInt8]
    let file: String
    private var index = 0
    /// The open flow collections (`[`, `{`), innermost last, with their offsets.
    private var flows: [Int] = []

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Throws at the first key that is not a plain value.
    mutating func check() throws(ConfigError) {
        while index < bytes.count {
            try token()
        }
    }

    /// One token from a token start.
    private mutating func token() throws(ConfigError) {
        let byte = bytes[index]
        let inFlow = !flows.isEmpty
        if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            index += 1
        } else if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: "%") && isLineStart) {
            skipLine()
        } else if isLineStart && (startsWith("---") || startsWith("...")) && isBlank(at: index + 3) {
            index += 3
        } else if byte == UInt8(ascii: "-") && isBlank(at: index + 1) {
            index += 1
        } else if byte == UInt8(ascii: "?") && (inFlow || isBlank(at: index + 1)) {
            try explicitKey()
        } else if byte == UInt8(ascii: ":") && (inFlow || isBlank(at: index + 1)) {
            index += 1
        } else if byte == UInt8(ascii: ",") && inFlow {
            index += 1
        } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
            flows.append(index)
            index += 1
        } else if (byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")), let open = flows.popLast() {
            index += 1
            if isFollowedByColon() { throw failure("mapping keys must be scalars", at: open) }
        } else if byte == UInt8(ascii: "*") {
            let start = index
            index += 1
            while index < bytes.count, bytes[index].isAnchorByte { index += 1 }
            if isFollowedByColon() { throw failure("an alias cannot be a mapping key", at: start) }
        } else if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
            index += 1
            while index < bytes.count, !isBlank(at: index), !(inFlow && bytes[index].isFlowIndicator) { index += 1 }
        } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
            skipQuoted(byte)
        } else {
            skipPlain()
        }
    }

    /// `? key`: allowed when a scalar follows on the same line (the writer uses it for keys
    /// longer than YAML's 1024-character limit on implicit keys).
    private mutating func explicitKey() throws(ConfigError) {
        let question = index
        index += 1
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        guard index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r"),
            bytes[index] != UInt8(ascii: "#")
        else {
            throw failure("an explicit key ('?') must be followed by the key on the same line", at: question)
        }
        let next = bytes[index]
        if next == UInt8(ascii: "*") { throw failure("an alias cannot be a mapping key", at: index) }
        if "[{!&|>?".utf8.contains(next) || (next == UInt8(ascii: "-") && isBlank(at: index + 1)) {
            throw failure("mapping keys must be scalars", at: question)
        }
    }

    /// A quoted scalar up to its closing quote or the end of the line, whichever comes
    /// first: the next line is scanned as tokens either way.
    private mutating func skipQuoted(_ quote: UInt8) {
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            if quote == UInt8(ascii: "\"") && bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == quote {
                if quote == UInt8(ascii: "'") && index + 1 < bytes.count && bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                index += 1
                return
            }
            index += 1
        }
    }

    /// A plain scalar up to the end of the line, `: `, ` #`, or (in a flow collection) a
    /// flow indicator.
    private mutating func skipPlain() {
        let inFlow = !flows.isEmpty
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return }
            if byte == UInt8(ascii: ":") && (isBlank(at: index + 1) || (inFlow && index + 1 < bytes.count && bytes[index + 1].isFlowIndicator)) {
                return
            }
            if byte == UInt8(ascii: "#") && (bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t")) {
                return
            }
            if inFlow && byte.isFlowIndicator { return }
            index += 1
        }
    }

    private mutating func skipLine() {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
    }

    /// Whether spaces and then `:` follow the current position (a key's value indicator).
    private func isFollowedByColon() -> Bool {
        var cursor = index
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        return cursor < bytes.count && bytes[cursor] == UInt8(ascii: ":")
    }

    private var isLineStart: Bool {
        index == 0 || bytes[index - 1] == UInt8(ascii: "\n")
    }

    private func startsWith(_ text: String) -> Bool {
        bytes[index...].starts(with: text.utf8)
    }

    /// Whether the byte at `offset` is a space, tab or line break, or the text ends there.
    private func isBlank(at offset: Int) -> Bool {
        guard offset < bytes.count else { return true }
        let byte = bytes[offset]
        return byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private func failure(_ message: String, at offset: Int) -> ConfigError {
        ConfigError(file: file, position: SourcePosition(offset: offset, in: bytes), problem: .malformed(message))
    }
}

extension UInt8 {
    /// `,`, `[`, `]`, `{` or `}`.
    var isFlowIndicator: Bool {
        self == UInt8(ascii: ",") || self == UInt8(ascii: "[") || self == UInt8(ascii: "]") || self == UInt8(ascii: "{")
            || self == UInt8(ascii: "}")
    }

    /// A byte libyaml accepts in an anchor or alias name: a letter, a digit, `-` or `_`.
    var isAnchorByte: Bool {
        isWordByte || self == UInt8(ascii: "-")
    }
}
