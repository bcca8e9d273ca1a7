import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// Samples held in a list, for checking what PipelineDataset does with them.
private final class ListSource: SampleSource {
    let samples: [Sample]
    let classes: [String]

    init(_ samples: [Sample], classes: Int = 10) {
        self.samples = samples
        self.classes = (0..<classes).map(String.init)
    }

    var count: Int { samples.count }
    func sample(at index: Int) throws(DataError) -> Sample { samples[index] }
}

/// A source's samples through a pipeline into batches: mmcls's
/// `BaseDataset.__getitem__` with Pacer's batch layout and checks before training.
@Suite("PipelineDataset")
struct PipelineDatasetTests {
    private static let fashion = "/usr/share/datasets/fashion-mnist"

    private static func pipeline(_ transforms: [any Transform]) -> Pipeline {
        Pipeline(stages: transforms.enumerated().map { Pipeline.Stage(transform: $1, origin: "pipeline.\($0)") })
    }

    /// Every value of every batch of `epoch`, in batch order.
    private static func batches(_ loader: SampleLoader, epoch: Int) throws -> [[Float]] {
        loader.setEpoch(epoch)
        return try (0..<loader.count).map { index in
            let batch = try loader.batch(at: index)
            let img = batch.fields[0]
            let images = Array(UnsafeBufferPointer(start: img.data.assumingMemoryBound(to: Float.self),
                                                   count: img.shape.reduce(1, *)))
            let labels = UnsafeBufferPointer(start: batch.fields[1].data.assumingMemoryBound(to: Int64.self),
                                             count: batch.count).map(Float.init)
            return images + labels
        }
    }

    @Test func aBatchIsChannelsFirstFloatsOfTheRawPixels() throws {
        // One 1x2 BGR image: pixels (1, 2, 3) and (4, 5, 6).
        let source = ListSource([Sample(image: Image(height: 1, width: 2, channels: 3, pixels: .bytes([1, 2, 3, 4, 5, 6])),
                                        label: 7)])
        let dataset = try PipelineDataset(source: source, pipeline: Self.pipeline([]), seed: 0, origin: "data.train")
        let storage = dataset.makeBatchStorage(capacity: 1)
        try dataset.gather([0], epoch: 0, into: storage)
        let img = storage.batch.fields[0]
        #expect(img.name == "img" && img.dtype == .float32 && img.shape == [1, 3, 1, 2])
        #expect(Array(UnsafeBufferPointer(start: img.data.assumingMemoryBound(to: Float.self), count: 6)) == [1, 4, 2, 5, 3, 6])
        #expect(storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)[0] == 7)
    }

    @Test func workersGiveTheSameRandomBatchesAsNoWorkers() throws {
        let source = try MNISTDataset(.fashionMNIST, dataPrefix: Self.fashion, testMode: true, limit: 300)
        let transforms: [any Transform] = [RandomCrop(height: 28, width: 28, padding: (4, 4, 4, 4)), RandomFlip(),
                                           Normalize(mean: [33.46], std: [78.87])]
        func loader(workers: Int) throws -> SampleLoader {
            let dataset = try PipelineDataset(source: source, pipeline: Self.pipeline(transforms), seed: 5, origin: "data.train")
            return SampleLoader(dataset: dataset, batchSize: 32, shuffle: true, seed: 5, workers: workers)
        }
        let (plain, two) = (try loader(workers: 0), try loader(workers: 2))
        for epoch in [0, 1, 3] {
            #expect(try Self.batches(plain, epoch: epoch) == Self.batches(two, epoch: epoch))
        }
        #expect(try Self.batches(plain, epoch: 0) != Self.batches(plain, epoch: 1))
    }

    @Test func aSampleIsTheSameInAnyBatchOfItsEpoch() throws {
        // Sample 9 gathered alone and among others, by different datasets: the
        // same crop and flip, drawn from (seed, epoch, 9).
        let source = try MNISTDataset(.fashionMNIST, dataPrefix: Self.fashion, testMode: true, limit: 20)
        let transforms: [any Transform] = [RandomResizedCrop(height: 20, width: 20), RandomFlip()]
        func values(_ indices: [Int], at slot: Int, epoch: Int) throws -> [Float] {
            let dataset = try PipelineDataset(source: source, pipeline: Self.pipeline(transforms), seed: 1, origin: "d")
            let storage = dataset.makeBatchStorage(capacity: indices.count)
            try dataset.gather(indices[...], epoch: epoch, into: storage)
            return Array(UnsafeBufferPointer(start: storage.batch.fields[0].data.assumingMemoryBound(to: Float.self) + slot * 400,
                                             count: 400))
        }
        #expect(try values([9], at: 0, epoch: 2) == values([3, 4, 9], at: 2, epoch: 2))
        #expect(try values([9], at: 0, epoch: 2) != values([9], at: 0, epoch: 3))
    }

    @Test func imagesOfDifferentSizesWithoutAResizeAreOneLineBeforeTraining() throws {
        let source = ListSource([
            Sample(image: Image(height: 2, width: 2, channels: 1, pixels: .bytes([1, 2, 3, 4])), filename: "a.png", label: 0),
            Sample(image: Image(height: 3, width: 2, channels: 1, pixels: .bytes([1, 2, 3, 4, 5, 6])), filename: "b.png", label: 0),
        ])
        do {
            _ = try PipelineDataset(source: source, pipeline: Self.pipeline([Normalize(mean: [0], std: [1])]), seed: 0,
                                    origin: "cfg.py: data.train")
            Issue.record("accepted images of two sizes")
        } catch {
            #expect("\(error)" == "cfg.py: data.train: sample 0 (a.png) leaves the pipeline 2x2x1 but sample 1 (b.png) "
                + "leaves it 3x2x1; add Resize, CenterCrop or RandomResizedCrop to bring images to one size")
        }
        // With a resize they are one size.
        let resized = try PipelineDataset(source: source, pipeline: Self.pipeline([Resize(height: 4, width: 4)]), seed: 0,
                                          origin: "data.train")
        #expect(resized.outputShape == ImageShape(height: 4, width: 4, channels: 1))
    }

    @Test func aLabelOutsideTheClassesIsOneLineBeforeTraining() throws {
        let image = Image(height: 1, width: 1, channels: 1, pixels: .bytes([0]))
        let source = ListSource([Sample(image: image, label: 1), Sample(image: image, filename: "x/7.png", label: 3)], classes: 3)
        do {
            _ = try PipelineDataset(source: source, pipeline: Self.pipeline([]), seed: 0, origin: "cfg.py: data.val")
            Issue.record("accepted label 3 of 3 classes")
        } catch {
            #expect("\(error)" == "cfg.py: data.val: sample 1 (x/7.png) has label 3, outside the 3 classes (0...2)")
        }
    }

    @Test func aSplitWithoutSamplesIsOneLine() throws {
        do {
            _ = try PipelineDataset(source: ListSource([]), pipeline: Self.pipeline([]), seed: 0, origin: "cfg.py: data.train")
            Issue.record("accepted an empty split")
        } catch {
            #expect("\(error)" == "cfg.py: data.train holds no samples; a split needs at least one")
        }
    }

    @Test func loadImageFromFileReadsGreyPNGsAsMmcvImreadDoes() throws {
        let folder = NSTemporaryDirectory() + "pacer-pipeline-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a.png"
        try ImageFile.writePNG(Image(height: 1, width: 2, channels: 1, pixels: .bytes([10, 200])), to: path)
        let source = ListSource([Sample(image: nil, filename: path, label: 0)])
        let grey = try PipelineDataset(source: source, pipeline: Self.pipeline([LoadImageFromFile(colorType: .grayscale)]),
                                       seed: 0, origin: "d")
        #expect(grey.outputShape == ImageShape(height: 1, width: 2, channels: 1))
        let colour = try PipelineDataset(source: source, pipeline: Self.pipeline([LoadImageFromFile()]), seed: 0, origin: "d")
        #expect(colour.outputShape == ImageShape(height: 1, width: 2, channels: 3))
        let storage = colour.makeBatchStorage(capacity: 1)
        try colour.gather([0], epoch: 0, into: storage)
        // A grey file read as colour: three equal planes.
        #expect(Array(UnsafeBufferPointer(start: storage.batch.fields[0].data.assumingMemoryBound(to: Float.self), count: 6))
            == [10, 200, 10, 200, 10, 200])
        // Without LoadImageFromFile a file sample is refused before training.
        #expect(throws: DataError.self) { try PipelineDataset(source: source, pipeline: Self.pipeline([]), seed: 0, origin: "d") }
    }

    @Test func aFileThatFailsOnAWorkerIsThrownForItsBatchNamingTheFile() throws {
        let folder = NSTemporaryDirectory() + "pacer-pipeline-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let noise = (0..<64 * 64).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        var paths: [String] = []
        for index in 0..<8 {
            let path = folder + "/\(index).png"
            try ImageFile.writePNG(Image(height: 64, width: 64, channels: 1, pixels: .bytes(noise)), to: path)
            paths.append(path)
        }
        // Sample 6's file keeps its header but loses its pixel data: the check
        // before training passes, the worker's decode fails.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: paths[6]))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: paths[6]))
        let source = ListSource(paths.map { Sample(image: nil, filename: $0, label: 0) })
        let dataset = try PipelineDataset(source: source, pipeline: Self.pipeline([LoadImageFromFile(colorType: .grayscale)]),
                                          seed: 0, origin: "d")
        let loader = SampleLoader(dataset: dataset, batchSize: 2, shuffle: false, seed: 0, workers: 2)
        loader.setEpoch(0)
        for index in 0..<3 { _ = try loader.batch(at: index) }
        do {
            _ = try loader.batch(at: 3)
            Issue.record("batch 3 holds the truncated file and was gathered")
        } catch let error as DataError {
            #expect(error.description.hasPrefix(paths[6]))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func aNumpyArrayOfColourImagesGoesThroughAPipelineChannelsLast() throws {
        let folder = NSTemporaryDirectory() + "pacer-pipeline-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Two 1x2 images, N x H x W x C: pixel (y, x) of image n is (100n + 10x + c) for channel c.
        let script = """
            import numpy as np
            x = np.array([[[[100 * n + 10 * j + c for c in range(3)] for j in range(2)]] for n in range(2)], np.uint8)
            np.save('\(folder)/x.npy', x)
            np.save('\(folder)/y.npy', np.array([1, 0], np.int64))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let registries = try Registries.standard(pluginDirectories: [])
        let dataset = try buildDataset(config: [
            "type": "NumpyDataset", "img_file": .string(folder + "/x.npy"), "label_file": .string(folder + "/y.npy"),
            "pipeline": [["type": "RandomFlip", "flip_prob": 1.0], ["type": "Normalize", "mean": [0], "std": [2], "to_rgb": false]],
        ], registries: registries)
        let storage = dataset.makeBatchStorage(capacity: 1)
        try dataset.gather([1], epoch: 0, into: storage)
        #expect(storage.batch.fields[0].shape == [1, 3, 1, 2])
        // Image 1 flipped left-right, halved, channel planes: c = 0, 1, 2 of columns 1 then 0.
        #expect(Array(UnsafeBufferPointer(start: storage.batch.fields[0].data.assumingMemoryBound(to: Float.self), count: 6))
            == [55, 50, 55.5, 50.5, 56, 51])
        #expect(storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)[0] == 0)
    }
}
