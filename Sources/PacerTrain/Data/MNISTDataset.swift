import Foundation
import Pacer

/// mmcls's `MNIST` and `FashionMNIST`: `data_prefix` is a folder holding
/// the four IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`), each plain or
/// gzipped (`.gz`), as mmcls unpacks them or as Debian's
/// `dataset-fashion-mnist` installs them; `test_mode` picks the t10k files.
///
/// Each sample is a 28×28 grey image (bytes, H×W×1) and its label. Without
/// a pipeline the dataset gathers batches itself, as Pacer always has:
/// "img" float32 [N, 1, 28, 28] scaled to [0, 1] and "gt_label" int64.
public final class MNISTDataset: Dataset, SampleSource {
    /// Which of the two sets, with mmcls's class names.
    public enum Variant: String, Sendable {
        /// Handwritten digits.
        case mnist = "MNIST"
        /// Zalando's clothing images.
        case fashionMNIST = "FashionMNIST"

        /// mmcls's `CLASSES`.
        public var classes: [String] {
            switch self {
            case .mnist:
                return ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six",
                        "7 - seven", "8 - eight", "9 - nine"]
            case .fashionMNIST:
                return ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                        "Ankle boot"]
            }
        }
    }

    /// Where Debian's `dataset-fashion-mnist` installs Fashion-MNIST, the
    /// default `data_prefix` of `FashionMNIST` (mmcls has none).
    public static let debianFashionMNIST = "/usr/share/datasets/fashion-mnist"
    private static let side = 28
    private let pixels: [UInt8]
    private let labels: [UInt8]

    /// Number of samples.
    public let count: Int
    /// Class names (mmcls's `CLASSES`, or the config's `classes`).
    public let classes: [String]

    /// Reads the train files under `dataPrefix`, or the t10k files in
    /// `testMode`, keeping the first `limit` samples when given. A missing
    /// file, an IDX header that disagrees with its file, a label outside
    /// `classes` or an empty split is one error naming the file.
    public init(_ variant: Variant, dataPrefix: String, testMode: Bool, classes: [String]? = nil,
                limit: Int? = nil) throws(DataError) {
        if let limit, limit < 1 { throw .invalidOption("num_samples must be positive, got \(limit)") }
        let classes = classes ?? variant.classes
        let stem = testMode ? "t10k" : "train"
        let hint = "data_prefix must hold the four IDX files, plain or .gz"
            + (variant == .fashionMNIST ? "; Debian's dataset-fashion-mnist package installs them in \(Self.debianFashionMNIST)" : "")
        let imagePath = Self.locate("\(dataPrefix)/\(stem)-images-idx3-ubyte")
        let labelPath = Self.locate("\(dataPrefix)/\(stem)-labels-idx1-ubyte")
        let images = try IDXFile.read(imagePath, rank: 3, missingHint: hint)
        let labels = try IDXFile.read(labelPath, rank: 1, missingHint: hint)
        guard images.shape[1] == Self.side, images.shape[2] == Self.side else {
            throw .malformed(path: imagePath, reason: "images are \(images.shape[1])x\(images.shape[2]), expected 28x28")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw .mismatch(images: imagePath, labels: labelPath,
                            reason: "\(images.shape[0]) images but \(labels.shape[0]) labels")
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classes.count }) {
            throw .malformed(path: labelPath, reason: "label \(labels.bytes[bad]) at index \(bad) is outside "
                             + "the \(classes.count) classes (0...\(classes.count - 1))")
        }
        guard images.shape[0] > 0 else { throw .malformed(path: imagePath, reason: "holds no samples; a split needs at least one") }
        if let limit, limit > images.shape[0] {
            throw .invalidOption("num_samples is \(limit) but \(imagePath) holds \(images.shape[0]) samples")
        }
        count = limit ?? images.shape[0]
        pixels = Array(images.bytes[0..<count * Self.side * Self.side])
        self.labels = Array(labels.bytes[0..<count])
        self.classes = classes
    }

    /// `path` if it exists, else `path.gz` (named in the error when
    /// neither does).
    private static func locate(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? path : path + ".gz"
    }

    // MARK: SampleSource

    /// Sample `index`: its 28×28×1 bytes and label.
    public func sample(at index: Int) throws(DataError) -> Sample {
        let area = Self.side * Self.side
        return Sample(image: Image(height: Self.side, width: Self.side, channels: 1,
                                   pixels: .bytes(Array(pixels[index * area..<(index + 1) * area]))),
                      label: Int64(labels[index]))
    }

    /// 28×28×1 for every sample.
    public func storedShape(at index: Int) throws(DataError) -> ImageShape? {
        ImageShape(height: Self.side, width: Self.side, channels: 1)
    }

    /// The label of sample `index`.
    public func label(at index: Int) throws(DataError) -> Int64 { Int64(labels[index]) }

    // MARK: Dataset (no pipeline)

    /// Storage for "img" and "gt_label".
    public func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [("img", .float32, [1, Self.side, Self.side]), ("gt_label", .int64, [])],
                     capacity: capacity)
    }

    /// Scales the pixels of `indices` to [0, 1] into "img" and copies labels.
    public func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) {
        storage.setCount(indices.count)
        let image = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        let label = storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)
        let area = Self.side * Self.side
        pixels.withUnsafeBufferPointer { source in
            guard let source = source.baseAddress else { return }
            PixelScaling.gather(indices, of: source, size: area, into: image)
        }
        for (slot, sample) in indices.enumerated() { label[slot] = Int64(labels[sample]) }
    }
}
