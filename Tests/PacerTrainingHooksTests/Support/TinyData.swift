import Pacer
import PacerTrain

/// `count` samples whose only field, `index`, holds the sample's index as
/// a float (so a model can tell a loader's first batch). As a sample
/// source (what the datasets registry holds) each sample is a 1×1×1 image
/// of its index; without a pipeline the loader uses the gather below.
final class TinyData: Dataset, SampleSource {
    let count: Int
    let classes: [String] = []

    init(count: Int) { self.count = count }

    func sample(at index: Int) throws(DataError) -> Sample {
        Sample(image: Image(height: 1, width: 1, channels: 1, pixels: .floats([Float(index)])), label: 0)
    }

    func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [(name: "index", dtype: .float32, sampleShape: [])], capacity: capacity)
    }

    func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) {
        let out = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        for (slot, index) in indices.enumerated() { out[slot] = Float(index) }
        storage.setCount(indices.count)
    }
}
