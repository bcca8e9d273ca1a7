import Pacer
import PacerConfig

/// A config value that names something that cannot be built, or a part that
/// failed while being built. Every case names the config file and the key.
public enum BuildError: Error, CustomStringConvertible {
    /// A value of the right type that is not allowed.
    case invalid(file: String, key: ConfigKeyPath, message: String)
    /// Building the part at `key` failed with `underlying`.
    case failed(file: String, key: ConfigKeyPath, underlying: any Error)

    /// An invalid-value error for the value at `node`.
    static func invalid(_ node: ConfigNode, _ message: String) -> BuildError {
        .invalid(file: node.file, key: node.keyPath, message: message)
    }

    /// The error for `key` of `section`, which `what` does not accept:
    /// `'runner.max_epoch' is not an option of EpochBasedRunner; did you mean 'max_epochs'?`.
    static func unknownKey(_ section: some ConfigDictReading, _ key: String, of what: String,
                           known: [String]) -> BuildError {
        let hint = Spelling.closest(to: key, among: known).map { "; did you mean '\($0)'?" }
            ?? " (options: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        return .invalid(section, key, "is not an option of \(what)\(hint)")
    }

    /// An invalid-value error for `key` of `section`.
    static func invalid(_ section: some ConfigDictReading, _ key: String, _ message: String) -> BuildError {
        .invalid(file: section.file, key: section.keyPath.appending(.key(key)), message: message)
    }

    /// One line: `file: 'key' message` or `file: key: what failed`.
    public var description: String {
        switch self {
        case .invalid(let file, let key, let message):
            return "\(file): '\(key)' \(message)"
        case .failed(let file, let key, let underlying):
            return "\(file): \(key.components.isEmpty ? "" : "\(key): ")\(underlying)"
        }
    }
}

extension ConfigSection {
    /// Runs `body`, reporting any error it throws as a failure of this section.
    func building<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConfigError {
            throw error
        } catch let error as BuildError {
            throw error
        } catch {
            throw BuildError.failed(file: file, key: keyPath, underlying: error)
        }
    }
}
