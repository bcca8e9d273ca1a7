#if canImport(Glibc)
import Glibc
#endif
import Pacer

/// SIGINT (Ctrl-C) and SIGTERM during a run: the current iteration
/// finishes, the run stops there as on a stop request, a checkpoint hook
/// writes nothing for the unfinished epoch (so no file in the work dir is
/// partial), and the stop reason says how to resume. A second signal ends
/// the process at once. The hook polls the flag the signal handler sets
/// after each iteration and epoch, before every other hook.
final class InterruptionHook: Hook {
    let typeName = "InterruptionHook"
    let origin = "built-in"
    let stages: Set<HookStage> = [.afterTrainIter, .afterTrainEpoch, .afterValIter, .afterValEpoch]

    /// The signal received (SIGINT or SIGTERM), or 0.
    nonisolated(unsafe) static var received: Int32 = 0
    private let configFile: String

    /// A hook whose stop reason names `configFile` in the resume command.
    init(configFile: String) {
        self.configFile = configFile
    }

    /// Installs the SIGINT and SIGTERM handlers (once per process is enough)
    /// and unblocks both on this thread, in case the parent blocked them.
    static func installHandlers() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGINT, SIGTERM] {
            sigaddset(&signals, signal)
            _ = Glibc.signal(signal) { signal in
                if InterruptionHook.received != 0 { _exit(128 + signal) }
                InterruptionHook.received = signal
            }
        }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Whether the run was interrupted inside a train epoch it has not finished.
    static func interruptedMidEpoch(_ runner: Runner) -> Bool {
        received != 0 && runner.innerIter + 1 < runner.itersPerEpoch
    }

    func call(_ stage: HookStage, runner: Runner) throws {
        guard Self.received != 0 else { return }
        let name = Self.received == SIGINT ? "SIGINT" : "SIGTERM"
        runner.requestStop(reason: "interrupted by \(name) in epoch \(runner.epoch + 1) after iteration \(runner.iter + 1): the "
                           + "current iteration finished and no partial file was written; resume with: "
                           + "pacer train \(configFile) --resume-from auto")
    }
}

extension TrainingSession {
    /// The signal (SIGINT or SIGTERM) that stopped the run, or nil.
    public var interruptingSignal: Int32? {
        InterruptionHook.received == 0 ? nil : InterruptionHook.received
    }
}
