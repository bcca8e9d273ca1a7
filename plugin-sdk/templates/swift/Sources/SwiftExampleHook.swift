// SwiftExampleHook: a complete Pacer hook plugin in Swift, meant to be
// copied and renamed. It does what the C template does: every
// `train_interval` train iterations it logs the mean loss of those
// iterations and the learning rate; after the run it logs how many train
// iterations it saw, a count kept in checkpoints.
//
// Config:  dict(type='SwiftExampleHook', train_interval=50)
// Build:   make PACER_SDK=/path/to/plugin-sdk      (see README.md)
// Check:   pacer plugins check ./libswift_example_hook.so
//
// Only C data crosses to the host: the kit builds the descriptor and the
// vtable, turns every thrown error into a status and a message, and never
// lets a Swift object or type cross the boundary.
import CPacer
import PacerPluginKit

final class SwiftExampleHook: HookPlugin {
    static let typeName = "SwiftExampleHook"
    static let version = "1.0.0"
    static let summary = "logs the mean loss every train_interval iterations"
    static let defaultPriority: Priority = .normal
    /// The vtable slots the host calls; save_state/load_state are always set.
    static let points: HookPoints = [.afterTrainIter, .afterRun]
    /// The config keys this hook reads (ABI 1.1): pacer refuses any other
    /// key, and a value of the wrong type, before `init(config:)` runs.
    static let options: [PluginOption] = [
        .int("train_interval", default: 50, help: "log the mean loss every train_interval train iterations"),
    ]

    private let interval: Int
    private var seen = 0
    private var lossSum = 0.0
    private var lossCount = 0

    /// Reads the config; `config` is valid only during this call.
    init(config: PluginConfig) throws {
        interval = try config.int("train_interval", default: 50)
        guard interval > 0 else {
            throw PluginConfigError(typeName: Self.typeName, key: "train_interval",
                                    requirement: "a positive integer")
        }
    }

    /// After each train iteration: the optimizer has stepped and "loss"
    /// holds this iteration's loss.
    func afterTrainIter(_ runner: RunnerContext) throws {
        if let loss = runner.output("loss"), loss.isFinite {
            lossSum += loss
            lossCount += 1
        }
        seen += 1
        let iter = try runner.info.iter
        if (iter + 1) % interval == 0 && lossCount > 0 {  // MMCV's every_n_iters
            let lr = runner.groupCount > 0 ? runner.learningRate(group: 0) : 0
            runner.log("SwiftExampleHook: iter \(iter + 1): mean loss \(lossSum / Double(lossCount)) "
                + "over \(lossCount) iterations, lr \(lr)")
            lossSum = 0
            lossCount = 0
        }
    }

    /// Once, after the last workflow flow.
    func afterRun(_ runner: RunnerContext) throws {
        runner.log("SwiftExampleHook: saw \(seen) train iterations")
    }

    /// A checkpoint is being written: store the count (8 bytes, little-endian).
    func saveState(_ writer: StateWriter) throws {
        try writer.put("seen", bytes: withUnsafeBytes(of: Int64(seen).littleEndian) { Array($0) })
    }

    /// A checkpoint is being resumed: read the count, or keep 0 when the
    /// checkpoint predates this hook.
    func loadState(_ reader: StateReader) throws {
        guard let bytes = try reader.bytes("seen") else { return }
        guard bytes.count == 8 else {
            throw PluginFailure("SwiftExampleHook: checkpoint key 'seen' is not an 8-byte count", status: .state)
        }
        seen = Int(Int64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
    }
}

/// The library's one descriptor table, built once, never freed.
private let library = PluginLibraryDescription(hooks: [SwiftExampleHook.self])

/// The one exported symbol.
@c(pacer_plugin_entry)
public func pacerPluginEntry() -> UnsafePointer<pacer_library> { library.pointer }
