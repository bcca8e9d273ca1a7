/// One token of a Python config, with the byte offsets of its text.
struct PythonToken {
    /// What the token is.
    enum Kind {
        /// An identifier that is not a keyword.
        case name(String)
        /// A keyword, `True`, `False` and `None` included.
        case keyword(String)
        /// An integer literal.
        case int(Int)
        /// A float literal.
        case float(Double)
        /// One string literal, escapes decoded and predefined variables replaced.
        case string(String)
        /// An f-string: its literal text and the byte ranges of its fields.
        case formatString([PythonLexer.FormatPiece])
        /// `{{ _base_.a.b }}` or `{{ fileDirname }}`, outside any string.
        case brace(BraceExpression)
        /// An operator or delimiter: `=`, `(`, `**`, `+=`, ...
        case op(String)
        /// The end of a logical line.
        case newline
        /// A line indented deeper than the one before (a block starts).
        case indent
        /// A line indented less (a block ends); one per block closed.
        case dedent
        /// The end of the text.
        case end
    }

    /// What the token is.
    var kind: Kind
    /// The byte offset where the token starts.
    var offset: Int
    /// The byte offset just after the token.
    var end: Int

    /// Whether the token is the operator or delimiter `text`.
    func isOp(_ text: String) -> Bool {
        if case .op(let op) = kind { op == text } else { false }
    }

    /// Whether the token is the keyword `word`.
    func isKeyword(_ word: String) -> Bool {
        if case .keyword(let keyword) = kind { keyword == word } else { false }
    }

    /// Whether the token ends a logical line: a newline or the end of the text.
    var endsLine: Bool {
        switch kind {
        case .newline, .end: true
        default: false
        }
    }
}

/// Python's keywords (soft keywords such as `match` are names).
let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]

/// Python's operators and delimiters, longest first so the lexer takes the longest match.
let pythonOperators: [String] = [
    "**=", "//=", ">>=", "<<=", "...",
    "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "@=", ":=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":",
    ".", ";", "=",
]
