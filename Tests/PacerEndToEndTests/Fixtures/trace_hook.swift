// SwiftTraceHook: the Swift twin of trace_hook.c, written with the
// PacerPluginKit. It implements every hook point itself (no fan-out) and
// appends "<stage> <mode> <epoch> <iter> <inner_iter> 0" to `trace_path`.
// The tests build it out of tree with swiftc against plugin-sdk alone.
#if canImport(Glibc)
import Glibc
#endif
import CPacer
import PacerPluginKit

final class SwiftTraceHook: HookPlugin {
    static let typeName = "SwiftTraceHook"
    static let version = "1.0.0"
    static let points: HookPoints = .all
    private let file: UnsafeMutablePointer<FILE>

    init(config: PluginConfig) throws {
        let path = try config.string("trace_path", default: "")
        guard let file = fopen(path, "a") else { throw PluginFailure("SwiftTraceHook: cannot open '\(path)'") }
        self.file = file
    }

    deinit { fclose(file) }

    private func record(_ stage: String, _ runner: RunnerContext) throws {
        let info = try runner.info
        let mode = runner.modeName.isEmpty ? "none" : runner.modeName
        fputs("\(stage) \(mode) \(info.epoch) \(info.iter) \(info.innerIter) 0\n", file)
        fflush(file)
    }

    func beforeRun(_ runner: RunnerContext) throws { try record("before_run", runner) }
    func afterRun(_ runner: RunnerContext) throws { try record("after_run", runner) }
    func beforeEpoch(_ runner: RunnerContext) throws { try record("before_epoch", runner) }
    func afterEpoch(_ runner: RunnerContext) throws { try record("after_epoch", runner) }
    func beforeIter(_ runner: RunnerContext) throws { try record("before_iter", runner) }
    func afterIter(_ runner: RunnerContext) throws { try record("after_iter", runner) }
    func beforeTrainEpoch(_ runner: RunnerContext) throws { try record("before_train_epoch", runner) }
    func afterTrainEpoch(_ runner: RunnerContext) throws { try record("after_train_epoch", runner) }
    func beforeValEpoch(_ runner: RunnerContext) throws { try record("before_val_epoch", runner) }
    func afterValEpoch(_ runner: RunnerContext) throws { try record("after_val_epoch", runner) }
    func beforeTrainIter(_ runner: RunnerContext) throws { try record("before_train_iter", runner) }
    func afterTrainIter(_ runner: RunnerContext) throws { try record("after_train_iter", runner) }
    func beforeValIter(_ runner: RunnerContext) throws { try record("before_val_iter", runner) }
    func afterValIter(_ runner: RunnerContext) throws { try record("after_val_iter", runner) }
}

private let library = PluginLibraryDescription(hooks: [SwiftTraceHook.self])

@c(pacer_plugin_entry)
public func pacerPluginEntry() -> UnsafePointer<pacer_library> { library.pointer }
