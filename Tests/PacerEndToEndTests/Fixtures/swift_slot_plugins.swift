// Three Swift plugins for config slots other than custom_hooks, written
// with the PacerPluginKit and built by the tests out of tree with swiftc
// against plugin-sdk alone:
//
// - LineLoggerHook, a logger (log_config=dict(hooks=[dict(type='LineLoggerHook')])):
//   every `interval` train iterations (of the epoch with by_epoch, else of
//   the run) it averages the log buffer, as MMCV's LoggerHook does, and
//   logs one line
//   "LineLoggerHook: epoch E iter I lr L initial_lr L0 key=value ..." with
//   every output of the buffer in order, then clears the output.
// - SignSGD, an optimizer (optimizer=dict(type='SignSGD', lr=0.01)):
//   p -= lr * sign(g), counting its steps in the checkpoint ("steps").
// - SwiftHalvingLrUpdaterHook, an LR updater (lr_config=dict(type=...)),
//   the twin of halving_lr.c: before each train epoch every group's lr is
//   initial_lr * factor ** (epoch // every).
import CPacer
import PacerPluginKit

final class LineLoggerHook: HookPlugin {
    static let typeName = "LineLoggerHook"
    static let version = "1.0.0"
    static let summary = "one line of log buffer averages every interval iterations"
    static let defaultPriority = Priority.veryLow
    static let points: HookPoints = [.beforeTrainEpoch, .afterTrainIter]
    static let options: [PluginOption] = [
        .int("interval", default: 10, help: "log every `interval` train iterations"),
        .bool("by_epoch", default: true, help: "count iterations within the epoch (True) or the run (False)"),
    ]

    private let interval: Int
    private let byEpoch: Bool

    init(config: PluginConfig) throws {
        interval = try config.int("interval", default: 10)
        byEpoch = try config.bool("by_epoch", default: true)
        guard interval > 0 else {
            throw PluginConfigError(typeName: Self.typeName, key: "interval", requirement: "a positive integer")
        }
    }

    /// MMCV's LoggerHook.before_epoch: a fresh buffer every epoch.
    func beforeEpoch(_ runner: RunnerContext) throws {
        runner.logBuffer.clear()
    }

    func afterTrainIter(_ runner: RunnerContext) throws {
        let info = try runner.info
        let buffer = runner.logBuffer
        if ((byEpoch ? info.innerIter : info.iter) + 1) % interval == 0 { buffer.average(last: interval) }
        guard buffer.isReady else { return }
        let outputs = buffer.output.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        runner.log("LineLoggerHook: epoch \(info.epoch + 1) iter \(info.innerIter + 1) "
            + "lr \(runner.learningRate(group: 0)) initial_lr \(try runner.initialLearningRate(group: 0)) \(outputs)")
        buffer.clearOutput()
    }
}

final class SignSGD: OptimizerPlugin {
    static let typeName = "SignSGD"
    static let version = "1.0.0"
    static let summary = "p -= lr * sign(grad)"
    static let options: [PluginOption] = [
        .float("lr", default: nil, help: "the learning rate"),
    ]

    private var steps = 0

    init(config: PluginConfig) throws {
        guard let lr = try config.double("lr"), lr >= 0 else {
            throw PluginConfigError(typeName: Self.typeName, key: "lr", requirement: "a number >= 0")
        }
    }

    func step(_ args: OptimizerStep) throws {
        for parameter in try args.parameters {
            let lr = Float(args.groups[parameter.group].learningRate)
            for i in 0..<parameter.count {
                let g = parameter.grad[i]
                parameter.data[i] -= lr * (g > 0 ? 1 : g < 0 ? -1 : 0)
            }
        }
        steps += 1
    }

    func saveState(_ writer: StateWriter) throws {
        try writer.put("steps", FloatTensor(values: [Float(steps)]))
    }

    func loadState(_ reader: StateReader) throws {
        if let saved = try reader.tensor("steps"), let value = saved.values.first { steps = Int(value) }
    }
}

final class SwiftHalvingLrUpdaterHook: HookPlugin {
    static let typeName = "SwiftHalvingLrUpdaterHook"
    static let version = "1.0.0"
    static let summary = "lr = initial_lr * factor ** (epoch // every)"
    static let defaultPriority = Priority.veryHigh
    static let points: HookPoints = [.beforeTrainEpoch]
    static let options: [PluginOption] = [
        .int("every", default: 1, help: "multiply the lr by factor every `every` epochs"),
        .float("factor", default: 0.5, help: "what each step multiplies the lr by"),
    ]

    private let every: Int
    private let factor: Double

    init(config: PluginConfig) throws {
        every = try config.int("every", default: 1)
        factor = try config.double("factor", default: 0.5)
        guard every > 0 else {
            throw PluginConfigError(typeName: Self.typeName, key: "every", requirement: "a positive integer")
        }
    }

    func beforeTrainEpoch(_ runner: RunnerContext) throws {
        let steps = try runner.info.epoch / every
        let scale = (0..<steps).reduce(1.0) { product, _ in product * factor }
        for group in 0..<runner.groupCount {
            try runner.setLearningRate(runner.initialLearningRate(group: group) * scale, group: group)
        }
    }
}

private let library = PluginLibraryDescription(
    hooks: [LineLoggerHook.self, SwiftHalvingLrUpdaterHook.self], optimizers: [SignSGD.self])

@c(pacer_plugin_entry)
public func pacerPluginEntry() -> UnsafePointer<pacer_library> { library.pointer }
