import ArgumentParser
import Pacer
import PacerConfig
import PacerTrain

/// Runs `body`; any error becomes one line on standard error and exit
/// status 1, never a stack trace. An error about a config key that a
/// command-line flag set (`flags`: dotted key path -> flag) names the flag
/// instead of the config file: `error: --cfg-options: 'runner.max_epoch' is
/// not an option of EpochBasedRunner; did you mean 'max_epochs'?`.
func reportingErrors(flags: [String: String] = [:], onFailure: (String) -> Void = { _ in },
                     _ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        // A progress bar the error interrupted stays as it stood, the error below it.
        Console.endStatus()
        let line = "error: \(describe(error, flags: flags))"
        Console.error(line)
        onFailure(line)
        throw ExitCode.failure
    }
}

/// The line for `error`, naming the flag that set the key it is about.
private func describe(_ error: any Error, flags: [String: String]) -> String {
    func flag(for path: ConfigKeyPath) -> String? {
        let dotted = path.description
        return flags.first { key, _ in
            key == dotted || key.hasPrefix(dotted + ".") || dotted.hasPrefix(key + ".")
        }?.value
    }
    switch error {
    case BuildError.invalid(_, let key, let message):
        if let flag = flag(for: key) { return "\(flag): '\(key)' \(message)" }
    case BuildError.failed(_, let key, let underlying):
        if let flag = flag(for: key) { return "\(flag): \(underlying)" }
    case var configError as ConfigError:
        switch configError.problem {
        case .missingKey(let path), .wrongType(let path, _, _):
            if let flag = flag(for: path) {
                configError.file = flag
                return "\(configError)"
            }
        default:
            break
        }
    default:
        break
    }
    return "\(error)"
}
