import Foundation
import PacerConfig

/// The records of one run's `.log.json`, as `pacer plot` draws them: the
/// rules of MMDetection's `analyze_logs.py plot_curve`, with x in
/// fractional epochs for an EpochBasedRunner and in iterations for an
/// IterBasedRunner.
struct LogCurves {
    /// One line of the `.log.json` other than the metadata line.
    struct Record {
        let mode: String
        let epoch: Int
        let iter: Int
        let values: [String: Double]
    }

    /// The `.log.json` file.
    let path: String
    /// The name the legend shows.
    var label: String
    /// The records, in file order.
    let records: [Record]
    /// Whether the run counted epochs (its iterations restart each epoch).
    let byEpoch: Bool

    /// Reads `path`: a `.log.json`, or a work dir whose newest `.log.json`
    /// (by its timestamp name) is taken.
    init(reading path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PlotError("\(path): no such file or folder; give a work dir or a .log.json")
        }
        var file = path
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            guard let newest = names.filter({ $0.hasSuffix(".log.json") }).sorted().last else {
                throw PlotError("\(path): no .log.json in this folder; a TextLoggerHook in log_config writes one")
            }
            file = path + "/" + newest
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PlotError("\(file): cannot be read")
        }
        var records: [Record] = []
        var iterBased = false
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let value: ConfigValue
            do {
                value = try JSONReader.value(from: Array(line.utf8), file: file)
            } catch {
                throw PlotError("\(file):\(index + 1): not a JSON record: \(error)")
            }
            guard case .dict(let entries) = value else { continue }
            if case .string(let config)? = entries["config"], config.contains("type='IterBasedRunner'") {
                iterBased = true
            }
            guard case .string(let mode)? = entries["mode"], case .int(let epoch)? = entries["epoch"],
                  case .int(let iter)? = entries["iter"] else { continue }
            var values: [String: Double] = [:]
            for (key, entry) in entries {
                switch entry {
                case .int(let number): values[key] = Double(number)
                case .double(let number): values[key] = number
                default: break
                }
            }
            records.append(Record(mode: mode, epoch: epoch, iter: iter, values: values))
        }
        guard !records.isEmpty else { throw PlotError("\(file): holds no train or val record") }
        self.path = file
        self.records = records
        self.byEpoch = !iterBased
        label = URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
    }

    /// Every numeric key of the records, sorted.
    var keys: [String] {
        Set(records.flatMap(\.values.keys)).subtracting(["epoch", "iter"]).sorted()
    }

    /// The points of `key`: from the train records when any has it (x at
    /// each logged iteration), else from the val records (x at the epoch
    /// or iteration evaluated); nil when no record has it.
    func points(_ key: String) -> [(x: Double, y: Double)]? {
        let perEpoch = Double(records.filter { $0.mode == "train" }.map(\.iter).max() ?? 1)
        func trainX(_ record: Record) -> Double {
            byEpoch ? Double(record.epoch - 1) + Double(record.iter) / perEpoch : Double(record.iter)
        }
        let train = records.filter { $0.mode == "train" && $0.values[key] != nil }
        if !train.isEmpty { return train.map { (trainX($0), $0.values[key] ?? .nan) } }
        var lastTrainX = 0.0
        var points: [(x: Double, y: Double)] = []
        for record in records {
            if record.mode == "train" { lastTrainX = trainX(record) }
            guard record.mode == "val", let value = record.values[key] else { continue }
            points.append((byEpoch ? Double(record.epoch) : lastTrainX, value))
        }
        return points.isEmpty ? nil : points
    }
}

/// A `pacer plot` failure: one line naming the file or flag and the fix.
struct PlotError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
