import PacerPluginKit

/// MMCV's `TextLoggerHook`: prints the log buffer's averages as text lines
/// (the host's console, through `console_print`, and
/// `<work_dir>/<timestamp>.log`) and JSON lines
/// (`<work_dir>/<timestamp>.log.json`).
///
/// Config (MMCV's names and defaults, except `reset_flag`):
/// - `interval` (10): log every `interval` train iterations.
/// - `ignore_last` (true): skip the partial interval at the end of an epoch.
/// - `reset_flag` (true): clear the buffer's output after logging. MMCV sets
///   it on the last logger hook at `before_run`; a plugin cannot see the
///   other hooks, so it is on by default here.
/// - `by_epoch` (true): count and show iterations within the epoch.
final class TextLoggerHook: HookPlugin {
    static let typeName = "TextLoggerHook"
    static let version = "1.0.0"
    static let summary = "MMCV's TextLoggerHook: text and JSON training logs"
    static let defaultPriority = Priority.veryLow
    static let points: HookPoints = [
        .beforeRun, .afterRun, .beforeEpoch, .beforeTrainEpoch, .beforeValEpoch,
        .afterTrainIter, .afterTrainEpoch, .afterValEpoch,
    ]

    private let interval: Int
    private let ignoreLast: Bool
    private let resetFlag: Bool
    private let byEpoch: Bool

    /// `runner.iter` at `before_run`, for the ETA.
    private var startIter = 0
    /// Whether this process writes the lines: rank 0 of a distributed run.
    private var writes = true
    /// Sum of `time * interval` over logged train lines, for the ETA.
    private var timeSecondsTotal = 0.0
    private var jsonFile: LogFile?
    private var textFile: LogFile?

    init(config: PluginConfig) throws {
        interval = try config.int("interval", default: 10)
        ignoreLast = try config.bool("ignore_last", default: true)
        resetFlag = try config.bool("reset_flag", default: true)
        byEpoch = try config.bool("by_epoch", default: true)
        guard interval > 0 else {
            throw PluginConfigError(typeName: Self.typeName, key: "interval",
                                    requirement: "a positive integer")
        }
        if config.has("out_dir"), let outDir = try? config.string("out_dir") {
            throw PluginFailure(
                "TextLoggerHook: 'out_dir' (\(outDir)) is not supported; logs stay in work_dir",
                status: .unsupported)
        }
    }

    func beforeRun(_ runner: RunnerContext) throws {
        startIter = try runner.info.iter
        // Every rank keeps the log buffer in step; rank 0 alone writes.
        writes = runner.distributedInfo.rank == 0
        guard writes else { return }
        let base = runner.workDir + "/" + runner.timestamp
        jsonFile = try LogFile(appendingTo: base + ".log.json")
        textFile = try LogFile(appendingTo: base + ".log")
    }

    func afterRun(_ runner: RunnerContext) throws {
        jsonFile?.close()
        textFile?.close()
        jsonFile = nil
        textFile = nil
    }

    /// Also reached from before_train_epoch and before_val_epoch.
    func beforeEpoch(_ runner: RunnerContext) throws {
        runner.logBuffer.clear()
    }

    func afterTrainIter(_ runner: RunnerContext) throws {
        let info = try runner.info
        let buffer = runner.logBuffer
        if byEpoch && (info.innerIter + 1) % interval == 0 {
            buffer.average(last: interval)
        } else if !byEpoch && (info.iter + 1) % interval == 0 {
            buffer.average(last: interval)
        } else if info.innerIter + 1 == info.itersPerEpoch && !ignoreLast {
            buffer.average(last: interval)
        }
        if buffer.isReady {
            try log(runner)
            if resetFlag { buffer.clearOutput() }
        }
    }

    func afterTrainEpoch(_ runner: RunnerContext) throws {
        let buffer = runner.logBuffer
        if buffer.isReady {
            try log(runner)
            if resetFlag { buffer.clearOutput() }
        }
    }

    func afterValEpoch(_ runner: RunnerContext) throws {
        let buffer = runner.logBuffer
        buffer.average()
        try log(runner)
        if resetFlag { buffer.clearOutput() }
    }

    /// MMCV's `TextLoggerHook.log`: builds the record, writes both lines.
    private func log(_ runner: RunnerContext) throws {
        let info = try runner.info
        var outputs = runner.logBuffer.output
        var iter = byEpoch ? info.innerIter + 1 : info.iter + 1
        if let index = outputs.firstIndex(where: { $0.key == "eval_iter_num" }) {
            let value = outputs.remove(at: index).value
            if value.isFinite { iter = Int(value) }
        }
        let hasTime = outputs.contains { $0.key == "time" }
        let mode: String
        let epoch: Int
        switch info.mode {
        case .train: (mode, epoch) = (hasTime ? "train" : "val", info.epoch + 1)
        case .val: (mode, epoch) = ("val", info.epoch)
        case .none, .other: (mode, epoch) = (runner.modeName, info.epoch)
        }

        var record = LogRecord()
        record.set("mode", .string(mode))
        record.set("epoch", .int(epoch))
        record.set("iter", .int(iter))
        if runner.groupCount > 0 {
            record.set("lr", .double(runner.learningRate(group: 0)))
        }
        for (key, value) in outputs { record.set(key, .double(value)) }

        let line = TextLine.format(record, byEpoch: byEpoch, loaderLength: info.itersPerEpoch,
                                   maxIters: info.maxIters, eta: eta(for: record, info))
        guard writes else { return }
        runner.host.print(line)
        try textFile?.write(line: line)
        try jsonFile?.write(line: JSONLine.format(record))
    }

    /// MMCV's ETA: the average time per iteration since `before_run`, times
    /// the iterations left. Accumulates `time` like MMCV, so call it once per
    /// logged line.
    private func eta(for record: LogRecord, _ info: RunnerInfo) -> String? {
        guard record["mode"] == .string("train"), case .double(let time)? = record["time"] else {
            return nil
        }
        timeSecondsTotal += time * Double(interval)
        let average = timeSecondsTotal / Double(max(info.iter - startIter + 1, 1))
        let seconds = average * Double(info.maxIters - info.iter - 1)
        guard seconds.isFinite, seconds.magnitude < 1e15 else { return nil }
        return PythonFormat.timedelta(seconds: Int(seconds))  // int() truncates toward zero
    }
}
