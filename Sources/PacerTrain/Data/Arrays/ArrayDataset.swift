import Pacer

/// Samples already in memory as arrays: images (or feature rows) of one
/// shape, as bytes scaled to [0, 1] the way Fashion-MNIST's pixels are, or
/// as floats taken as they are, and an integer label each. `NumpyDataset`
/// and `CSVDataset` read into it.
///
/// With a pipeline it is a `SampleSource`: an image sample is H×W×C as
/// stored (bytes 0-255 or floats), a table row is a 1×F×1 image of floats.
public final class ArrayDataset: Dataset, SampleSource {
    /// The sample values: bytes (scaled by 1/255 when gathered) or floats.
    enum Values {
        case bytes([UInt8])
        case floats([Float])
    }

    private let values: Values
    private let labels: [Int64]
    /// The extents of one sample ([C, H, W] for images, [F] for a table row).
    public let sampleShape: [Int]
    /// Number of samples.
    public let count: Int
    /// Class names: "0", "1", ... up to `num_classes`, or to the largest label.
    public let classes: [String]

    /// A dataset of `labels.count` samples of `sampleShape`, the first
    /// `limit` when given, with `classes` classes (else as many as the
    /// largest label needs).
    init(values: Values, sampleShape: [Int], labels: [Int64], classes: Int?, limit: Int?) {
        let size = sampleShape.reduce(1, *)
        let kept = min(limit ?? labels.count, labels.count)
        switch values {
        case .bytes(let bytes): self.values = .bytes(Array(bytes[0..<kept * size]))
        case .floats(let floats): self.values = .floats(Array(floats[0..<kept * size]))
        }
        self.labels = Array(labels[0..<kept])
        self.sampleShape = sampleShape
        count = kept
        self.classes = (0..<(classes ?? Int((labels.max() ?? -1) + 1))).map(String.init)
    }

    // MARK: SampleSource

    /// Sample `index` as an H×W×C image (a table row: 1×F×1) and its label.
    public func sample(at index: Int) throws(DataError) -> Sample {
        let shape = storedExtents
        let size = sampleShape.reduce(1, *)
        let area = shape.height * shape.width
        func channelsLast<T>(_ values: ArraySlice<T>) -> [T] {
            guard shape.channels > 1 else { return Array(values) }
            let start = values.startIndex
            return (0..<size).map { at in values[start + (at % shape.channels) * area + at / shape.channels] }
        }
        let pixels: Image.Pixels
        switch values {
        case .bytes(let bytes): pixels = .bytes(channelsLast(bytes[index * size..<(index + 1) * size]))
        case .floats(let floats): pixels = .floats(channelsLast(floats[index * size..<(index + 1) * size]))
        }
        return Sample(image: Image(height: shape.height, width: shape.width, channels: shape.channels, pixels: pixels),
                      label: labels[index])
    }

    /// The same extents for every sample.
    public func storedShape(at index: Int) throws(DataError) -> ImageShape? { storedExtents }

    /// The label of sample `index`.
    public func label(at index: Int) throws(DataError) -> Int64 { labels[index] }

    private var storedExtents: ImageShape {
        sampleShape.count == 3
            ? ImageShape(height: sampleShape[1], width: sampleShape[2], channels: sampleShape[0])
            : ImageShape(height: 1, width: sampleShape[0], channels: 1)
    }

    // MARK: Dataset (no pipeline)

    /// Storage for "img" (float32, [N] + sampleShape) and "gt_label" (int64).
    public func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [("img", .float32, sampleShape), ("gt_label", .int64, [])], capacity: capacity)
    }

    /// Copies the samples at `indices` into "img" and their labels into "gt_label".
    public func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) {
        storage.setCount(indices.count)
        let image = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        let label = storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)
        let size = sampleShape.reduce(1, *)
        switch values {
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { source in
                guard let source = source.baseAddress else { return }
                PixelScaling.gather(indices, of: source, size: size, into: image)
            }
        case .floats(let floats):
            floats.withUnsafeBufferPointer { source in
                guard let source = source.baseAddress else { return }
                for (slot, sample) in indices.enumerated() {
                    (image + slot * size).update(from: source + sample * size, count: size)
                }
            }
        }
        for (slot, sample) in indices.enumerated() { label[slot] = labels[sample] }
    }

    /// Refuses labels outside `0..<classes` (when given) or negative ones,
    /// and an empty set, naming `path`.
    static func checkLabels(_ labels: [Int64], classes: Int?, path: String) throws(DataError) {
        guard !labels.isEmpty else { throw .malformed(path: path, reason: "holds no samples") }
        if let bad = labels.firstIndex(where: { label in label < 0 || classes.map { label >= $0 } ?? false }) {
            let range = classes.map { "0...\($0 - 1)" } ?? "0 or above"
            throw .malformed(path: path, reason: "label \(labels[bad]) of sample \(bad) is outside \(range)")
        }
    }
}
