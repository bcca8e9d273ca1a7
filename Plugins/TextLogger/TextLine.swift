/// MMCV's `TextLoggerHook._log_info`: the human-readable line.
///
/// Train: `Epoch [1][50/469]\tlr: 1.000e-01, eta: 0:01:23, time: 0.012, data_time: 0.001, loss: 0.6523`
/// (`Iter [50/1000]\t...` when not by epoch). Val:
/// `Epoch(val) [1][79]\taccuracy: 0.8512, loss: 0.4012`. As in MMCV, a train
/// line with no other keys keeps the trailing `", "`.
enum TextLine {
    /// Keys the header already shows (MMCV's skip list).
    static let shownInHeader: Set<String> = [
        "mode", "Epoch", "iter", "lr", "time", "data_time", "memory", "epoch",
    ]

    /// The line for `record`; `eta` is the formatted ETA when the record has
    /// a train `time`.
    static func format(_ record: LogRecord, byEpoch: Bool, loaderLength: Int, maxIters: Int,
                       eta: String?) -> String {
        let epoch = record["epoch"].map(LogRecord.plain) ?? ""
        let iter = record["iter"].map(LogRecord.plain) ?? ""
        let mode = record["mode"].map(LogRecord.plain) ?? ""
        var line: String
        if record["mode"] == .string("train") {
            line = byEpoch ? "Epoch [\(epoch)][\(iter)/\(loaderLength)]\t"
                           : "Iter [\(iter)/\(maxIters)]\t"
            if case .double(let lr)? = record["lr"] {
                line += "lr: \(PythonFormat.exponent(lr, digits: 3)), "
            }
            if let time = record["time"] {
                line += "eta: \(eta ?? "unknown"), "
                line += "time: \(threeDigits(time)), "
                if let dataTime = record["data_time"] {
                    line += "data_time: \(threeDigits(dataTime)), "
                }
            }
        } else {
            line = byEpoch ? "Epoch(\(mode)) [\(epoch)][\(iter)]\t" : "Iter(\(mode)) [\(iter)]\t"
        }
        let items = record.entries.lazy
            .filter { !shownInHeader.contains($0.key) }
            .map { "\($0.key): \(fourDigits($0.value))" }
        return line + items.joined(separator: ", ")
    }

    /// `f'{v:.3f}'` for a float, the plain value otherwise.
    private static func threeDigits(_ value: LogValue) -> String {
        if case .double(let number) = value { return PythonFormat.fixed(number, digits: 3) }
        return LogRecord.plain(value)
    }

    /// `f'{v:.4f}'` for a float, the plain value otherwise.
    private static func fourDigits(_ value: LogValue) -> String {
        if case .double(let number) = value { return PythonFormat.fixed(number, digits: 4) }
        return LogRecord.plain(value)
    }
}
