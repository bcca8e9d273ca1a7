/// An error a user can fix in a config file or on the command line.
///
/// Its description is one line that names the file, the position when there is one,
/// and the key: `configs/x.json: missing key 'runner.max_epochs'`,
/// `configs/x.json:3:17: expected ',' or '}' after the value of 'lr', found '"'`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The config file the error is about, as the user named it.
    public var file: String
    /// Where in the file's text, for syntax errors; `nil` otherwise.
    public var position: SourcePosition?
    /// What is wrong.
    public var problem: Problem

    /// An error about `file`, at `position` when the problem has one.
    public init(file: String, position: SourcePosition? = nil, problem: Problem) {
        self.file = file
        self.position = position
        self.problem = problem
    }

    /// `file[:line:col]: message`, always one line: line breaks and other control
    /// characters that come from the config's text are shown escaped (`\n`, `\u{1}`).
    public var description: String {
        let text: String
        if let position {
            text = "\(file):\(position.line):\(position.column): \(problem.message)"
        } else {
            text = "\(file): \(problem.message)"
        }
        return text.escapingControlCharacters
    }

    /// The kinds of config errors.
    public enum Problem: Sendable, Hashable {
        /// The file does not exist.
        case noSuchFile
        /// The file exists but cannot be read; `reason` is the system's one-line reason.
        case unreadable(reason: String)
        /// No reader handles the file's extension (`""` when the file has none).
        case unsupportedFormat(fileExtension: String)
        /// The text is not a valid config (a syntax error, or a top level that is not a dict).
        case malformed(String)
        /// A required key is absent.
        case missingKey(ConfigKeyPath)
        /// A value has the wrong type; `expected` reads like "an integer".
        case wrongType(ConfigKeyPath, expected: String, found: ConfigValue)
        /// A dotted key path given to `Config.set` has an empty key.
        case invalidKeyPath(String)
        /// `set` of `target` cannot go through `blocker`, which holds `found`, not a dict or list.
        case notAContainer(target: ConfigKeyPath, blocker: ConfigKeyPath, found: ConfigValue)
        /// `set` of `target` names `index` (as written) of the list at `list`, which has `count` items.
        case indexOutOfRange(target: ConfigKeyPath, list: ConfigKeyPath, index: String, count: Int)
        /// A `.py` config uses Python beyond the literal subset Pacer reads (`import`, a call, ...).
        case unsupportedPython(String)
        /// A `_base_` entry names `base`, which does not exist (it was looked for at `resolved`).
        case missingBase(base: String, resolved: String)
        /// The `_base_` chain comes back to a file it is already reading; `chain` ends where it began.
        case baseCycle(chain: [String])
        /// Two sibling bases both set the top-level `key`.
        case duplicateBaseKey(key: String, first: String, second: String)
        /// The config sets `path` to a dictionary, but its base holds `found` there, which a
        /// dictionary cannot merge into.
        case cannotInherit(ConfigKeyPath, found: ConfigValue)
        /// A `{{ _base_.x }}` reference (written as `reference`) cannot be resolved, for `reason`.
        case unresolvedReference(reference: String, reason: String)

        /// The problem in words, without the file name.
        public var message: String {
            let supported = ConfigLoader.supportedExtensions.joined(separator: ", ")
            return switch self {
            case .noSuchFile:
                "no such config file"
            case .unreadable(let reason):
                "cannot read config file: \(reason)"
            case .unsupportedFormat(let ext) where ext.isEmpty:
                "config file has no extension (supported: \(supported))"
            case .unsupportedFormat(let ext):
                "unsupported config format '\(ext)' (supported: \(supported))"
            case .malformed(let message):
                message
            case .missingKey(let path):
                "missing key '\(path)'"
            case .wrongType(let path, let expected, let found):
                "'\(path)' must be \(expected), got \(found.summary)"
            case .invalidKeyPath(let dotted):
                "invalid key path '\(dotted)': keys between dots must not be empty"
            case .notAContainer(let target, let blocker, let found):
                "cannot set '\(target)': '\(blocker)' is \(found.summary), not a dictionary"
            case .indexOutOfRange(let target, let list, let index, let count):
                "cannot set '\(target)': index \(index) is out of range for '\(list)' (\(counted(count, "item")))"
            case .unsupportedPython(let construct):
                "unsupported Python construct '\(construct)'"
            case .missingBase(let base, let resolved):
                "_base_ '\(base)' does not exist (looked for \(resolved))"
            case .baseCycle(let chain):
                "_base_ files form a cycle: \(chain.joined(separator: " -> "))"
            case .duplicateBaseKey(let key, let first, let second):
                "key '\(key)' is set by two bases, \(first) and \(second) (a key may come from one base only)"
            case .cannotInherit(let path, let found):
                "'\(path)' is a dictionary here but \(found.summary) in the base config; "
                    + "add _delete_=True to it to replace the base value"
            case .unresolvedReference(let reference, let reason):
                "\(reference): \(reason)"
            }
        }
    }
}

extension String {
    /// The text with control characters and line separators written as escapes, so it
    /// stays on one line: `\n`, `\r`, `\t`, and `\u{85}` for the others.
    var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: \.breaksLine) else { return self }
        var text = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.breaksLine: text += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}

extension Unicode.Scalar {
    /// A control character or a line or paragraph separator: what must not appear raw in a
    /// one-line message.
    fileprivate var breaksLine: Bool {
        properties.generalCategory == .control || value == 0x2028 || value == 0x2029
    }
}
