/// One key's history in a `LogBuffer`: its values in chunks of a fixed
/// size that are allocated once and never moved, and its weights (counts)
/// as runs, since a step's weight is its batch size and changes rarely. A
/// history that grows for a whole run never copies what it holds, and an
/// append is one store of 8 bytes with no reference counting. The chunks are
/// owned by the `LogBuffer` holding the history, which calls `free()` once;
/// a copy of a history shares them.
struct LogHistory {
    /// `weight` applies from sample `start` until the next run.
    private struct Run {
        let start: Int
        let weight: Int
    }

    private static let chunkSize = 8192
    private var chunks: [UnsafeMutablePointer<Double>] = []
    private var tail: UnsafeMutablePointer<Double>?
    private var runs: [Run] = []
    private var lastWeight = 0
    /// Samples held.
    private(set) var count = 0

    /// Appends `value` with weight `weight`.
    mutating func append(_ value: Double, count weight: Int) {
        let offset = count % Self.chunkSize
        if offset == 0 { addChunk() }
        (tail.unsafelyUnwrapped + offset).initialize(to: value)
        if weight != lastWeight || count == 0 { addRun(weight) }
        count += 1
    }

    /// The weight-averaged value of the last `last` samples (all when
    /// `last <= 0`); 0 when their weights add up to 0. Sums in sample order,
    /// as MMCV's `np.average` over the history does.
    func average(last: Int) -> Double {
        let start = last > 0 ? max(0, count - last) : 0
        var run = (runs.lastIndex { $0.start <= start }) ?? 0
        var sum = 0.0
        var total = 0
        for index in start..<count {
            while run + 1 < runs.count && runs[run + 1].start <= index { run += 1 }
            let weight = runs[run].weight
            sum += chunks[index / Self.chunkSize][index % Self.chunkSize] * Double(weight)
            total += weight
        }
        return total > 0 ? sum / Double(total) : 0
    }

    @inline(never)
    private mutating func addChunk() {
        let chunk = UnsafeMutablePointer<Double>.allocate(capacity: Self.chunkSize)
        chunks.append(chunk)
        tail = chunk
    }

    @inline(never)
    private mutating func addRun(_ weight: Int) {
        runs.append(Run(start: count, weight: weight))
        lastWeight = weight
    }

    /// Frees the chunks; the history must not be used afterwards.
    func free() {
        for chunk in chunks { chunk.deallocate() }
    }
}
