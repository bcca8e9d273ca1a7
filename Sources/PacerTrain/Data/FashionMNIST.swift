import Pacer

/// Fashion-MNIST from the IDX `.gz` files Debian's `dataset-fashion-mnist`
/// installs: 28x28 grey images as "img" (float32 in [0, 1], shape
/// [N, 1, 28, 28]) and labels 0-9 as "gt_label" (int64).
public final class FashionMNIST: Dataset {
    /// Where Debian installs the files.
    public static let defaultRoot = "/usr/share/datasets/fashion-mnist"
    private static let installHint = "install Debian's dataset-fashion-mnist package or set data_root"
    private let pixels: [UInt8]
    private let labels: [UInt8]
    private static let side = 28

    /// Number of samples.
    public let count: Int

    /// Reads `split` ("train" or "test") under `root`, keeping the first
    /// `limit` samples when given. A split without samples, or a `limit`
    /// beyond the samples the files hold, is one error naming the file.
    public init(root: String = FashionMNIST.defaultRoot, split: String, limit: Int? = nil) throws(DataError) {
        guard let prefix = ["train": "train", "test": "t10k"][split] else {
            throw .invalidOption("split is '\(split)'; Fashion-MNIST has 'train' and 'test'")
        }
        if let limit, limit < 1 { throw .invalidOption("num_samples must be positive, got \(limit)") }
        let imagePath = "\(root)/\(prefix)-images-idx3-ubyte.gz"
        let labelPath = "\(root)/\(prefix)-labels-idx1-ubyte.gz"
        let images = try IDXFile.read(imagePath, rank: 3, missingHint: Self.installHint)
        let labels = try IDXFile.read(labelPath, rank: 1, missingHint: Self.installHint)
        guard images.shape[1] == Self.side, images.shape[2] == Self.side else {
            throw .malformed(path: imagePath, reason: "images are \(images.shape[1])x\(images.shape[2]), expected 28x28")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw .mismatch(images: imagePath, labels: labelPath,
                            reason: "\(images.shape[0]) images but \(labels.shape[0]) labels")
        }
        if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
            throw .malformed(path: labelPath, reason: "label \(labels.bytes[bad]) at index \(bad) is outside 0...9")
        }
        guard images.shape[0] > 0 else { throw .malformed(path: imagePath, reason: "holds no samples; a split needs at least one") }
        if let limit, limit > images.shape[0] {
            throw .invalidOption("num_samples is \(limit) but \(imagePath) holds \(images.shape[0]) samples")
        }
        count = limit ?? images.shape[0]
        pixels = Array(images.bytes[0..<count * Self.side * Self.side])
        self.labels = Array(labels.bytes[0..<count])
    }

    /// Storage for "img" and "gt_label".
    public func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [("img", .float32, [1, Self.side, Self.side]), ("gt_label", .int64, [])],
                     capacity: capacity)
    }

    /// Scales the pixels of `indices` to [0, 1] into "img" and copies labels.
    public func gather(_ indices: ArraySlice<Int>, into storage: BatchStorage) {
        storage.setCount(indices.count)
        let image = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        let label = storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)
        let area = Self.side * Self.side
        pixels.withUnsafeBufferPointer { source in
            guard let source = source.baseAddress else { return }
            for (slot, sample) in indices.enumerated() {
                PixelScaling.scale(source + sample * area, into: image + slot * area, count: area)
                label[slot] = Int64(labels[sample])
            }
        }
    }
}
