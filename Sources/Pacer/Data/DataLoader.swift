/// Batches over a dataset, in an order fixed by the epoch: batch `i` of
/// epoch `e` is always the same samples, which is what makes a resumed run
/// see the same data as one never stopped.
public protocol DataLoader: AnyObject {
    /// Batches per epoch.
    var count: Int { get }
    /// Fixes the sample order for `epoch` (shuffled loaders reshuffle).
    func setEpoch(_ epoch: Int)
    /// Batch `index` (0..<count) of the current epoch.
    func batch(at index: Int) throws -> Batch
}

/// MMCV's IterLoader: an endless stream over a loader that counts how many
/// times it wrapped around.
public final class IterLoader {
    /// The wrapped loader.
    public let loader: any DataLoader
    /// How many times the loader has been exhausted.
    @exclusivity(unchecked) public private(set) var epoch: Int
    /// Batches of the current epoch already taken.
    @exclusivity(unchecked) public private(set) var position: Int
    /// Batches in the current epoch: the loader's count when the epoch
    /// began, as MMCV's `iter(data_loader)` fixes its length.
    @exclusivity(unchecked) private var epochLength: Int

    /// A stream at batch `position` of epoch `epoch` (a fresh run starts at
    /// 0, 0; a resumed one where the checkpoint left off).
    public init(_ loader: any DataLoader, epoch: Int = 0, position: Int = 0) {
        self.loader = loader
        self.epoch = epoch
        self.position = position
        loader.setEpoch(epoch)
        epochLength = loader.count
    }

    /// The next batch, starting a new epoch when the loader is exhausted.
    public func next() throws -> Batch {
        if position == epochLength {
            epoch += 1
            position = 0
            loader.setEpoch(epoch)
            epochLength = loader.count
        }
        let batch = try loader.batch(at: position)
        position += 1
        return batch
    }
}
