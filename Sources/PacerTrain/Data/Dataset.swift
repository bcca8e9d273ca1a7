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
    /// sample's index). Loader worker threads call it at the same time with
    /// different storages. An error names the file (or plugin) and the
    /// sample, and the loader passes it to the runner.
    func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) throws
}

/// The memory behind a reusable batch: one buffer per field, sized for the
/// loader's batch size, allocated once, and optionally a scratch buffer a
/// dataset stages one sample in while gathering into this storage.
public final class BatchStorage {
    /// The batch viewing the buffers.
    public let batch: Batch
    /// `scratchBytes` bytes (64-byte aligned) only the dataset gathering
    /// into this storage uses, or nil when it asked for none.
    public let scratch: UnsafeMutableRawPointer?
    private let buffers: [UnsafeMutableRawPointer]

    /// Storage for fields named and typed as given, each sample of a field
    /// having `sampleShape` extents, for up to `capacity` samples, with
    /// `scratchBytes` of scratch memory.
    public init(fields: [(name: String, dtype: DType, sampleShape: [Int])], capacity: Int, scratchBytes: Int = 0) {
        var buffers: [UnsafeMutableRawPointer] = []
        let batchFields = fields.map { field in
            let bytes = capacity * field.sampleShape.reduce(1, *) * field.dtype.size
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
            buffers.append(buffer)
            return BatchField(name: field.name, dtype: field.dtype, shape: [capacity] + field.sampleShape, data: buffer)
        }
        batch = Batch(fields: batchFields)
        self.buffers = buffers
        scratch = scratchBytes > 0 ? .allocate(byteCount: scratchBytes, alignment: 64) : nil
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
        scratch?.deallocate()
    }
}
