/// The `{{ word }}` forms MMCV gives meaning to in a config's text: a predefined variable
/// such as `{{ fileDirname }}`, and a reference into the bases such as
/// `{{ _base_.model.backbone }}`.
enum BraceExpression: Equatable {
    /// `{{ _base_.a.b }}`: the keys after `_base_` (some may be empty when written so).
    case baseReference([String])
    /// `{{ fileDirname }}` and the other names of `PredefinedVariables.names`.
    case variable(String)

    /// What `word` (the text between the braces, spaces trimmed) stands for, or `nil` when
    /// it is neither a base reference nor a predefined variable.
    init?(word: String) {
        if word.hasPrefix("_base_.") {
            self = .baseReference(word.dropFirst(7).split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        } else if PredefinedVariables.names.contains(word) {
            self = .variable(word)
        } else {
            return nil
        }
    }

    /// The `{{ word }}` starting at `index` of `bytes` (UTF-8 text), as MMCV's patterns match
    /// it: two braces, optional white space, a run of letters, digits, `_` and `.`, optional
    /// white space, two braces. Returns the word and the offset just after the closing
    /// braces, or `nil` when no such form starts there.
    static func scan(_ bytes: [UInt8], at index: Int) -> (word: String, end: Int)? {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{")
        else { return nil }
        var cursor = index + 2
        while cursor < bytes.count, bytes[cursor].isSpaceByte { cursor += 1 }
        let wordStart = cursor
        while cursor < bytes.count, bytes[cursor].isWordByte || bytes[cursor] == UInt8(ascii: ".") { cursor += 1 }
        let wordEnd = cursor
        while cursor < bytes.count, bytes[cursor].isSpaceByte { cursor += 1 }
        guard wordEnd > wordStart, cursor + 1 < bytes.count,
            bytes[cursor] == UInt8(ascii: "}"), bytes[cursor + 1] == UInt8(ascii: "}")
        else { return nil }
        return (String(decoding: bytes[wordStart..<wordEnd], as: UTF8.self), cursor + 2)
    }
}

extension UInt8 {
    /// ASCII white space as Python's `\s` sees it: space, tab, line feed, carriage return,
    /// form feed and vertical tab.
    var isSpaceByte: Bool {
        self == 0x20 || (0x09...0x0D).contains(self)
    }
}
