import Pacer

/// A loader of `count` batches that are all the same one-field batch
/// (`img`, float32, one sample): the data side of an empty iteration costs
/// a method call and nothing else.
final class FixedLoader: DataLoader {
    let count: Int
    private let batch: Batch
    private let storage = UnsafeMutablePointer<Float>.allocate(capacity: 1)

    init(count: Int) {
        self.count = count
        storage.initialize(to: 0)
        batch = Batch(fields: [BatchField(name: "img", dtype: .float32, shape: [1], data: UnsafeMutableRawPointer(storage))])
    }

    func setEpoch(_ epoch: Int) {}

    func batch(at index: Int) throws -> Batch { batch }

    deinit { storage.deallocate() }
}
