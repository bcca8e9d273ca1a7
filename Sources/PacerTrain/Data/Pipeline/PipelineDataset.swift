import Pacer

/// A `SampleSource` run through a `Pipeline` into batches, as mmcls's
/// `BaseDataset.__getitem__` runs `self.pipeline(results)`: each sample of a
/// batch is read, transformed with its own random stream (seed, epoch,
/// index) and written into "img" (float32 [N, C, H, W], the pixel values
/// the pipeline leaves: 0-255 unless it normalizes) and "gt_label" (int64).
/// Gathers run on the loader's worker threads.
///
/// Building it checks what can be known before training, each failure one
/// error naming the split and the sample's file: a split without samples,
/// a label outside the classes, and samples that leave the pipeline with
/// different extents (images of different sizes and no transform that
/// brings them to one; image files are measured from their headers).
public final class PipelineDataset: Dataset {
    /// The samples before the pipeline.
    public let source: any SampleSource
    /// The transforms.
    public let pipeline: Pipeline
    /// The run's seed, the first key of every sample's random stream.
    public let seed: UInt64
    /// The extents every sample leaves the pipeline with.
    public let outputShape: ImageShape
    /// Number of samples.
    public var count: Int { source.count }

    /// A dataset over `source` through `pipeline`, checked now; `origin`
    /// (`configs/x.py: data.train`) names it in errors.
    public init(source: any SampleSource, pipeline: Pipeline, seed: UInt64, origin: String) throws(DataError) {
        guard source.count > 0 else { throw .invalidOption("\(origin) holds no samples; a split needs at least one") }
        let classes = source.classes.count
        var shapes: [ImageShape: (output: ImageShape, index: Int)] = [:]
        var first: (output: ImageShape, index: Int)?
        for index in 0..<source.count {
            let label = try source.label(at: index)
            if classes > 0 && !(0..<Int64(classes)).contains(label) || label < 0 {
                throw .invalidOption("\(origin): \(try Self.name(of: index, in: source)) has label \(label), outside "
                                     + "the \(classes) classes (0...\(classes - 1))")
            }
            let stored: ImageShape
            if let inMemory = try source.storedShape(at: index) {
                stored = inMemory
            } else if let filename = try source.sample(at: index).filename, pipeline.first(LoadImageFromFile.self) != nil {
                if let header = source.headerShape(at: index) {
                    stored = header
                } else {
                    stored = try LoadImageFromFile.storedShape(of: filename)
                }
            } else {
                throw .invalidOption("\(origin): \(try Self.name(of: index, in: source)) is a file name; "
                                     + "put LoadImageFromFile first in the pipeline")
            }
            let output: ImageShape
            if let known = shapes[stored] {
                output = known.output
            } else {
                output = try pipeline.outputShape(of: stored)
                shapes[stored] = (output, index)
            }
            if let first, first.output != output {
                throw .invalidOption("\(origin): \(try Self.name(of: first.index, in: source)) leaves the pipeline "
                                     + "\(first.output) but \(try Self.name(of: index, in: source)) leaves it \(output); "
                                     + "add Resize, CenterCrop or RandomResizedCrop to bring images to one size")
            }
            if first == nil { first = (output, index) }
        }
        self.source = source
        self.pipeline = pipeline
        self.seed = seed
        outputShape = first?.output ?? ImageShape(height: 0, width: 0, channels: 0)
    }

    /// "sample 3" or "sample 3 (path/to/file.png)".
    private static func name(of index: Int, in source: any SampleSource) throws(DataError) -> String {
        "sample \(index)" + (try source.sample(at: index).filename.map { " (\($0))" } ?? "")
    }

    /// Storage for "img" (float32 [C, H, W] per sample) and "gt_label" (int64).
    public func makeBatchStorage(capacity: Int) -> BatchStorage {
        BatchStorage(fields: [("img", .float32, [outputShape.channels, outputShape.height, outputShape.width]),
                              ("gt_label", .int64, [])], capacity: capacity)
    }

    /// Reads, transforms and writes the samples at `indices` as they are in `epoch`.
    public func gather(_ indices: ArraySlice<Int>, epoch: Int, into storage: BatchStorage) throws {
        storage.setCount(indices.count)
        let images = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        let labels = storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)
        let (height, width, channels) = (outputShape.height, outputShape.width, outputShape.channels)
        let area = height * width
        for (slot, index) in indices.enumerated() {
            var sample = try source.sample(at: index)
            var random = SampleRandom(seed: seed, epoch: epoch, index: index)
            try pipeline.apply(to: &sample, random: &random)
            guard let image = sample.image, image.extents == outputShape else {
                throw DataError.invalidOption("\(try Self.name(of: index, in: source)) left the pipeline "
                                              + "\(sample.image.map { "\($0.extents)" } ?? "without an image"), "
                                              + "expected \(outputShape)")
            }
            let out = images + slot * area * channels
            switch image.pixels {
            case .bytes(let bytes):
                for pixel in 0..<area {
                    for c in 0..<channels { out[c * area + pixel] = Float(bytes[pixel * channels + c]) }
                }
            case .floats(let floats):
                for pixel in 0..<area {
                    for c in 0..<channels { out[c * area + pixel] = floats[pixel * channels + c] }
                }
            }
            labels[slot] = sample.label
        }
    }
}
