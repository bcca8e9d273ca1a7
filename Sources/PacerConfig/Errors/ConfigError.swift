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

    /// `file[:line:col]: message`.
    public var description: String {
        guard let position else { return "\(file): \(problem.message)" }
        return "\(file):\(position.line):\(position.column): \(problem.message)"
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
            }
        }
    }
}
