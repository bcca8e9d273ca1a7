/// MMCV's LogBuffer: per-key histories of (value, count) and their
/// count-weighted averages, keys kept in first-insertion order.
///
/// A step updates the same keys in the same order every time, so a key is
/// found by checking the slot after the last one updated before scanning;
/// nothing is hashed, and an update allocates only for a new key or when a
/// history starts a new chunk (`LogHistory`). The buffer is used from the
/// runner's thread only; its storage skips Swift's dynamic exclusivity
/// checks.
public final class LogBuffer {
    @exclusivity(unchecked) private var keys: [String] = []
    /// The history of each key; their chunks are freed by `clear` and `deinit`.
    @exclusivity(unchecked) private var histories: [LogHistory] = []
    @exclusivity(unchecked) private var nextSlot = 0
    /// The averaged values, in first-insertion order of their keys.
    @exclusivity(unchecked) public private(set) var output: [(key: String, value: Double)] = []
    /// True after `average` until the output is cleared.
    @exclusivity(unchecked) public private(set) var ready = false

    /// An empty buffer.
    public init() {}

    /// Appends `value` with weight `count` to the history of `key`.
    public func update(_ key: String, _ value: Double, count: Int = 1) {
        let slot = self.slot(of: key)
        histories[slot].append(value, count: count)
        nextSlot = slot + 1
    }

    /// The index of `key` in `keys`, added at the end when new.
    private func slot(of key: String) -> Int {
        if nextSlot < keys.count && keys[nextSlot] == key { return nextSlot }
        if let index = keys.firstIndex(of: key) { return index }
        keys.append(key)
        histories.append(LogHistory())
        return keys.count - 1
    }

    /// Averages the last `last` entries of every history (all when
    /// `last <= 0`) into `output`, and marks it ready.
    public func average(last: Int = 0) {
        for (key, history) in zip(keys, histories) where history.count > 0 {
            setOutput(key, history.average(last: last))
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
        for history in histories { history.free() }
        histories.removeAll(keepingCapacity: true)
        nextSlot = 0
        clearOutput()
    }

    deinit {
        for history in histories { history.free() }
    }
}
