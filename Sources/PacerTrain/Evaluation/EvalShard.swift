/// What one rank's evaluation produced (MMCV's `DistEvalHook` results before
/// `collect_results_cpu`): the sums of each reported variable weighted by
/// sample count, the samples, and each sample's class scores and label in
/// the rank's order. Ranks exchange them as bytes; merging interleaves the
/// rows back into the dataset's order, since rank `r` evaluated positions
/// `r, r + N, r + 2N, ...` without padding (`DistributedSampler.dropPadding`).
struct EvalShard {
    var keys: [String]
    var sums: [String: Double]
    var samples: Int
    var rows: [[Float]]
    var labels: [Int64]

    init(keys: [String], sums: [String: Double], samples: Int, rows: [[Float]], labels: [Int64]) {
        (self.keys, self.sums, self.samples, self.rows, self.labels) = (keys, sums, samples, rows, labels)
    }

    /// The whole split from every rank's shard, in rank order: sums and
    /// samples added, rows and labels in the dataset's order.
    init(merging shards: [EvalShard]) {
        keys = shards.first?.keys ?? []
        sums = [:]
        samples = 0
        for shard in shards {
            samples += shard.samples
            for (key, value) in shard.sums { sums[key, default: 0] += value }
            for key in shard.keys where !keys.contains(key) { keys.append(key) }
        }
        let total = shards.reduce(0) { $0 + $1.rows.count }
        rows = []
        rows.reserveCapacity(total)
        let withLabels = shards.allSatisfy { $0.labels.count == $0.rows.count }
        labels = []
        for position in 0..<total {
            let shard = shards[position % shards.count], index = position / shards.count
            guard index < shard.rows.count else { continue }
            rows.append(shard.rows[index])
            if withLabels { labels.append(shard.labels[index]) }
        }
    }

    /// The shard as bytes: little-endian counts, UTF-8 keys, doubles,
    /// floats and labels.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        put(Int64(samples))
        put(Int64(keys.count))
        for key in keys {
            let utf8 = Array(key.utf8)
            put(Int64(utf8.count))
            bytes += utf8
            put(sums[key, default: 0].bitPattern)
        }
        put(Int64(rows.count))
        put(Int64(rows.first?.count ?? 0))
        for row in rows { for value in row { put(value.bitPattern) } }
        put(Int64(labels.count))
        for label in labels { put(label) }
        return bytes
    }

    /// Reads `encoded()`'s bytes (from a rank of the same program).
    init(decoding bytes: [UInt8]) {
        var offset = 0
        func take<T: FixedWidthInteger>(_: T.Type) -> T {
            guard offset + MemoryLayout<T>.size <= bytes.count else { return 0 }
            var value = T.zero
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[offset..<offset + MemoryLayout<T>.size]) }
            offset += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        samples = Int(take(Int64.self))
        keys = []
        sums = [:]
        for _ in 0..<max(0, Int(take(Int64.self))) {
            let length = max(0, min(Int(take(Int64.self)), bytes.count - offset))
            let key = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
            offset += length
            keys.append(key)
            sums[key] = Double(bitPattern: take(UInt64.self))
        }
        let rowCount = max(0, Int(take(Int64.self))), width = max(0, Int(take(Int64.self)))
        rows = (0..<rowCount).map { _ in (0..<width).map { _ in Float(bitPattern: take(UInt32.self)) } }
        labels = (0..<max(0, Int(take(Int64.self)))).map { _ in take(Int64.self) }
    }
}
