import Pacer

/// Samples that a loader gathers into batches, possibly on its worker
/// threads at the same time for different batches.
public protocol Dataset: AnyObject {
    /// Number of samples.
    var count: Int { get }
    /// The fields of one batch of `capacity` samples, with storage owned by
    /// the returned batch storage.
    func makeBatchStorage(capacity: Int) -> BatchStorage
    /// Copies the samples at `indices` into `storage`, as they are in
    /// `epoch` (random transforms draw from the seed, `epoch` and each
    /// sample's index); an error names the file and what is wrong.
    func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) throws
}

/// The memory behind a reusable batch: one buffer per field, sized for the
/// loader's batch size, allocated once.
public final class BatchStorage {
    /// The batch viewing the buffers.
    public let batch: Batch
    private let buffers: [UnsafeMutableRawPointer]

    /// Storage for fields named and typed as given, each sample of a field
    /// having `sampleShape` extents, for up to `capacity` samples.
    public init(fields: [(name: String, dtype: DType, sampleShape: [Int])], capacity: Int) {
        var buffers: [UnsafeMutableRawPointer] = []
        let batchFields = fields.map { field in
            let bytes = capacity * field.sampleShape.reduce(1, *) * field.dtype.size
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
            buffers.append(buffer)
            return BatchField(name: field.name, dtype: field.dtype, shape: [capacity] + field.sampleShape, data: buffer)
        }
        batch = Batch(fields: batchFields)
        self.buffers = buffers
    }

    /// Sets the number of samples the batch holds (the last batch of an
    /// epoch may be short).
    public func setCount(_ count: Int) {
        for index in batch.fields.indices where batch.fields[index].shape[0] != count {
            batch.fields[index].shape[0] = count
        }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }
}
