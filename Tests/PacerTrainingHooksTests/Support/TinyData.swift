import Pacer
import PacerTrain

/// `count` samples whose only field, `index`, holds the sample's index as
/// a float (so a model can tell a loader's first batch).
final class TinyData: Dataset {
    let count: Int

    init(count: Int) { self.count = count }

    func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [(name: "index", dtype: .float32, sampleShape: [])], capacity: capacity)
    }

    func gather(_ indices: ArraySlice<Int>, into storage: BatchStorage) {
        let out = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        for (slot, index) in indices.enumerated() { out[slot] = Float(index) }
        storage.setCount(indices.count)
    }
}
