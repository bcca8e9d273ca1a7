import Pacer

/// A runner value a ClosureHook can pass: the words of its `args`.
///
/// | name | value | passed as (first is the default) |
/// |---|---|---|
/// | `epoch`, `iter`, `inner_iter`, `max_epochs`, `max_iters`, `iters_per_epoch` | the runner's counters | int64, int32, double, float |
/// | `num_samples` | samples in the last step's batch | int64, int32, double, float |
/// | `lr`, `momentum` | parameter group 0's learning rate and momentum (beta1 for Adam); `lr.N`, `momentum.N` for group N; NaN without that group | double, float |
/// | `loss` | the last step's loss | double, float |
/// | `outputs.NAME` | the last step's output NAME (`accuracy`, ...); NaN when the step did not report it | double, float |
/// | `log_buffer.NAME` | the log buffer's averaged output NAME; NaN when it has none | double, float |
/// | `mode`, `work_dir`, `timestamp` | the current mode ("" before the first flow), the work folder, the run's timestamp | string |
enum ClosureHookValue: Equatable, Sendable {
    /// An integer counter of the runner.
    case counter(Counter)
    /// The learning rate of a parameter group.
    case lr(group: Int)
    /// The momentum (or beta1) of a parameter group.
    case momentum(group: Int)
    /// The last step's loss.
    case loss
    /// A value the last step reported.
    case output(String)
    /// An averaged value of the log buffer.
    case logBuffer(String)
    /// A text value of the runner.
    case text(Text)

    /// The runner's integer counters, by their `args` names.
    enum Counter: String, CaseIterable, Sendable {
        case epoch, iter, innerIter = "inner_iter", maxEpochs = "max_epochs", maxIters = "max_iters"
        case itersPerEpoch = "iters_per_epoch", numSamples = "num_samples"
    }

    /// The runner's text values, by their `args` names.
    enum Text: String, CaseIterable, Sendable {
        case mode, workDir = "work_dir", timestamp
    }

    /// What a value is, which decides the C types it can be passed as.
    enum Kind {
        case integer, real, text

        /// The C types allowed, the default first.
        var types: [ClosureHookCType] {
            switch self {
            case .integer: return [.int64, .int32, .double, .float]
            case .real: return [.double, .float]
            case .text: return [.string]
            }
        }

        /// "an integer", "a floating-point number", "text", for messages.
        var description: String {
            switch self {
            case .integer: return "an integer"
            case .real: return "a floating-point number"
            case .text: return "text"
            }
        }
    }

    /// A value as read from the runner at one call.
    enum Reading {
        case integer(Int)
        case real(Double)
        case text(String)
    }

    /// The value an `args` name stands for, or nil for an unknown name.
    init?(name: String) {
        if let counter = Counter(rawValue: name) {
            self = .counter(counter)
        } else if let text = Text(rawValue: name) {
            self = .text(text)
        } else if name == "loss" {
            self = .loss
        } else if let group = Self.group(of: name, prefix: "lr") {
            self = .lr(group: group)
        } else if let group = Self.group(of: name, prefix: "momentum") {
            self = .momentum(group: group)
        } else if let key = Self.key(of: name, prefix: "outputs.") {
            self = .output(key)
        } else if let key = Self.key(of: name, prefix: "log_buffer.") {
            self = .logBuffer(key)
        } else {
            return nil
        }
    }

    /// Every name, for messages.
    static let vocabulary = (Counter.allCases.map(\.rawValue) + ["lr", "lr.N", "momentum", "momentum.N", "loss"]
        + Text.allCases.map(\.rawValue) + ["outputs.NAME", "log_buffer.NAME"]).joined(separator: ", ")

    /// What the value is.
    var kind: Kind {
        switch self {
        case .counter: return .integer
        case .lr, .momentum, .loss, .output, .logBuffer: return .real
        case .text: return .text
        }
    }

    /// The value in `runner` now.
    func read(_ runner: Runner) -> Reading {
        switch self {
        case .counter(let counter): return .integer(Self.read(counter, runner))
        case .lr(let group): return .real(Self.group(group, of: runner)?.lr ?? .nan)
        case .momentum(let group): return .real(Self.group(group, of: runner)?.momentum ?? .nan)
        case .loss: return .real(runner.outputs.value("loss") ?? .nan)
        case .output(let key): return .real(runner.outputs.value(key) ?? .nan)
        case .logBuffer(let key): return .real(runner.logBuffer.outputValue(key) ?? .nan)
        case .text(.mode): return .text(runner.mode ?? "")
        case .text(.workDir): return .text(runner.workDir)
        case .text(.timestamp): return .text(runner.timestamp)
        }
    }

    private static func read(_ counter: Counter, _ runner: Runner) -> Int {
        switch counter {
        case .epoch: return runner.epoch
        case .iter: return runner.iter
        case .innerIter: return runner.innerIter
        case .maxEpochs: return runner.maxEpochs
        case .maxIters: return runner.maxIters
        case .itersPerEpoch: return runner.itersPerEpoch
        case .numSamples: return runner.outputs.numSamples
        }
    }

    private static func group(_ index: Int, of runner: Runner) -> ParamGroup? {
        guard let groups = runner.optimizer?.paramGroups, index < groups.count else { return nil }
        return groups[index]
    }

    /// N of "PREFIX" (0) or "PREFIX.N".
    private static func group(of name: String, prefix: String) -> Int? {
        if name == prefix { return 0 }
        guard let key = key(of: name, prefix: prefix + "."),
              key.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(key)
    }

    /// NAME of "PREFIXNAME", NAME not empty.
    private static func key(of name: String, prefix: String) -> String? {
        guard name.hasPrefix(prefix), name.count > prefix.count else { return nil }
        return String(name.dropFirst(prefix.count))
    }
}
