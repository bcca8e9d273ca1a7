/// MMCV's LogBuffer: per-key histories of (value, count) and their
/// count-weighted averages, keys kept in first-insertion order.
public final class LogBuffer {
    private var keys: [String] = []
    private var histories: [String: (values: [Double], counts: [Int])] = [:]
    /// The averaged values, in first-insertion order of their keys.
    public private(set) var output: [(key: String, value: Double)] = []
    /// True after `average` until the output is cleared.
    public private(set) var ready = false

    /// An empty buffer.
    public init() {}

    /// Appends `value` with weight `count` to the history of `key`.
    public func update(_ key: String, _ value: Double, count: Int = 1) {
        if histories[key] == nil {
            keys.append(key)
            histories[key] = ([], [])
        }
        histories[key]!.values.append(value)
        histories[key]!.counts.append(count)
    }

    /// Averages the last `last` entries of every history (all when
    /// `last <= 0`) into `output`, and marks it ready.
    public func average(last: Int = 0) {
        for key in keys {
            guard let history = histories[key], !history.values.isEmpty else { continue }
            let start = last > 0 ? max(0, history.values.count - last) : 0
            var sum = 0.0
            var total = 0
            for i in start..<history.values.count {
                sum += history.values[i] * Double(history.counts[i])
                total += history.counts[i]
            }
            setOutput(key, total > 0 ? sum / Double(total) : 0)
        }
        ready = true
    }

    /// Sets one output value directly, keeping the key's place if present.
    public func setOutput(_ key: String, _ value: Double) {
        if let index = output.firstIndex(where: { $0.key == key }) {
            output[index].value = value
        } else {
            output.append((key, value))
        }
    }

    /// The averaged value of `key`, if present.
    public func outputValue(_ key: String) -> Double? {
        output.first(where: { $0.key == key })?.value
    }

    /// Clears the output and the ready flag (MMCV's `clear_output`).
    public func clearOutput() {
        output.removeAll(keepingCapacity: true)
        ready = false
    }

    /// Marks the output ready without averaging (MMCV's
    /// `log_buffer.ready = True`): an evaluation hook writes its metrics
    /// with `setOutput` and marks them ready for the loggers.
    public func markReady() { ready = true }

    /// Clears histories and output (MMCV's `clear`).
    public func clear() {
        keys.removeAll(keepingCapacity: true)
        histories.removeAll(keepingCapacity: true)
        clearOutput()
    }
}
