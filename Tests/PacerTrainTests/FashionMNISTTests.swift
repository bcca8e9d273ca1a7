import Foundation
import Pacer
import PacerTrain
import Testing

/// FashionMNIST over the files Debian's dataset-fashion-mnist installs. The
/// expected bytes are decompressed by the system `gzip`, not by the code
/// under test.
@Suite("FashionMNIST")
struct FashionMNISTTests {
    static let root = "/usr/share/datasets/fashion-mnist"

    /// The decompressed bytes of `file` under the dataset folder.
    private static func decompressed(_ file: String) throws -> [UInt8] {
        try runTool("/usr/bin/gzip", ["-dc", root + "/" + file])
    }

    /// Samples `indices` of `dataset` gathered into one batch.
    private static func gather(_ dataset: MNISTDataset, _ indices: [Int]) -> (images: [Float], labels: [Int64], storage: BatchStorage) {
        let storage = dataset.makeBatchStorage(capacity: indices.count)
        dataset.gather(indices[...], epoch: 0, into: storage)
        let images = Array(UnsafeBufferPointer(start: storage.batch.fields[0].data.assumingMemoryBound(to: Float.self),
                                               count: indices.count * 28 * 28))
        let labels = Array(UnsafeBufferPointer(start: storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self),
                                               count: indices.count))
        return (images, labels, storage)
    }

    /// The data error `body` throws, or nil (any other error is recorded as an issue).
    private static func dataError(_ body: () throws -> Void) -> DataError? {
        do {
            try body()
            return nil
        } catch let error as DataError {
            return error
        } catch {
            Issue.record("expected a DataError, got \(error)")
            return nil
        }
    }

    @Test func limitKeepsTheFirstSamples() throws {
        let train = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: false, limit: 100)
        #expect(train.count == 100)
        let test = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: true, limit: 100)
        #expect(test.count == 100)
    }

    @Test func labelsAreInZeroToNine() throws {
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: false, limit: 100)
        let (_, labels, _) = Self.gather(dataset, Array(0..<100))
        #expect(labels.allSatisfy { (0...9).contains($0) })
        #expect(Set(labels).count > 1)
    }

    @Test func firstTrainLabelMatchesTheLabelsFile() throws {
        let file = try Self.decompressed("train-labels-idx1-ubyte.gz")
        try #require(file.count > 8)
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: false, limit: 100)
        let (_, labels, _) = Self.gather(dataset, [0, 1, 2])
        #expect(labels == [Int64(file[8]), Int64(file[9]), Int64(file[10])])
        #expect(labels[0] == 9)  // ankle boot, the known first Fashion-MNIST train label
    }

    @Test func firstTestLabelIsAnkleBoot() throws {
        let file = try Self.decompressed("t10k-labels-idx1-ubyte.gz")
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: true, limit: 10)
        let (_, labels, _) = Self.gather(dataset, [0])
        #expect(labels == [Int64(file[8])])
        #expect(labels == [9])
    }

    @Test func pixelsAreBytesScaledToUnitRange() throws {
        let file = try Self.decompressed("t10k-images-idx3-ubyte.gz")
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: true, limit: 100)
        let (images, _, _) = Self.gather(dataset, [1])
        let bytes = file[(16 + 784)..<(16 + 2 * 784)]
        #expect(images.count == 784)
        for (pixel, byte) in zip(images, bytes) {
            #expect(abs(pixel - Float(byte) / 255) <= 1e-6)
        }
        #expect(images.allSatisfy { (0...1).contains($0) })
        #expect(images.contains { $0 > 0.5 })
    }

    @Test func negativeLimitIsNotACrash() async {
        // num_samples comes straight from the config. Run in a child process:
        // a trap there fails this test instead of the whole run. Throwing an
        // error or giving an empty dataset are both acceptable.
        await #expect(processExitsWith: .success) {
            do {
                let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: "/usr/share/datasets/fashion-mnist", testMode: true, limit: -1)
                exit(dataset.count == 0 ? 0 : 2)
            } catch {
                exit(0)
            }
        }
    }

    @Test func batchHasImageAndLabelFieldsOfTheGatheredCount() throws {
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: false, limit: 100)
        let (_, _, storage) = Self.gather(dataset, [3, 4, 5])
        let fields = storage.batch.fields
        #expect(fields.map(\.name) == ["img", "gt_label"])
        #expect(fields[0].dtype == .float32 && fields[0].shape == [3, 1, 28, 28])
        #expect(fields[1].dtype == .int64 && fields[1].shape == [3])
    }

    @Test func missingRootNamesTheFileAndThePackage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/nowhere"
        let error = try #require(Self.dataError { _ = try MNISTDataset(.fashionMNIST, dataPrefix: root, testMode: false, limit: 100) })
        #expect(error.description.contains(root + "/train-images-idx3-ubyte.gz"))
        #expect(error.description.contains("dataset-fashion-mnist"))
        #expect(!error.description.contains("\n"))
    }

    @Test func truncatedGzipIsOneLineNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let images = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.root + "/t10k-images-idx3-ubyte.gz")))
        let imagePath = folder.path + "/t10k-images-idx3-ubyte.gz"
        try Data(images[0..<(images.count / 2)]).write(to: URL(fileURLWithPath: imagePath))
        try FileManager.default.copyItem(atPath: Self.root + "/t10k-labels-idx1-ubyte.gz",
                                         toPath: folder.path + "/t10k-labels-idx1-ubyte.gz")
        let error = try #require(Self.dataError { _ = try MNISTDataset(.fashionMNIST, dataPrefix: folder.path, testMode: true) })
        guard case .malformed(let path, _) = error else {
            Issue.record("expected a malformed error, got \(error)")
            return
        }
        #expect(path == imagePath)
        #expect(error.description.hasPrefix(imagePath))
        #expect(!error.description.contains("\n"))
    }

    @Test func badIDXHeaderInGzipIsOneLineNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A rank-1 IDX header where rank 3 images are expected.
        let raw = folder.path + "/t10k-images-idx3-ubyte"
        try Data([0, 0, 8, 1, 0, 0, 0, 2, 5, 6]).write(to: URL(fileURLWithPath: raw))
        _ = try runTool("/usr/bin/gzip", [raw])
        try FileManager.default.copyItem(atPath: Self.root + "/t10k-labels-idx1-ubyte.gz",
                                         toPath: folder.path + "/t10k-labels-idx1-ubyte.gz")
        let error = try #require(Self.dataError { _ = try MNISTDataset(.fashionMNIST, dataPrefix: folder.path, testMode: true) })
        #expect(error == .malformed(path: raw + ".gz", reason: "not an IDX file of unsigned bytes with 3 dimension(s)"))
        #expect(error.description.hasPrefix(raw + ".gz"))
        #expect(!error.description.contains("\n"))
    }

    @Test func imageAndLabelCountMismatchNamesBothFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Two 28x28 images but the real 10000 test labels.
        let raw = folder.path + "/t10k-images-idx3-ubyte"
        try Data([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 1, count: 2 * 784))
            .write(to: URL(fileURLWithPath: raw))
        _ = try runTool("/usr/bin/gzip", [raw])
        let labels = folder.path + "/t10k-labels-idx1-ubyte.gz"
        try FileManager.default.copyItem(atPath: Self.root + "/t10k-labels-idx1-ubyte.gz", toPath: labels)
        let error = try #require(Self.dataError { _ = try MNISTDataset(.fashionMNIST, dataPrefix: folder.path, testMode: true) })
        #expect(error.description.contains(raw + ".gz"))
        #expect(error.description.contains(labels))
        #expect(!error.description.contains("\n"))
    }

    @Test func plainIDXFilesUnderDataPrefixReadLikeTheGzippedOnes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for file in ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
            try Data(Self.decompressed(file + ".gz")).write(to: URL(fileURLWithPath: folder.path + "/" + file))
        }
        let plain = try MNISTDataset(.mnist, dataPrefix: folder.path, testMode: true, limit: 50)
        let gzipped = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: true, limit: 50)
        #expect(try (0..<50).map { try plain.sample(at: $0).image } == (0..<50).map { try gzipped.sample(at: $0).image })
        #expect(try (0..<50).map { try plain.label(at: $0) } == (0..<50).map { try gzipped.label(at: $0) })
        #expect(plain.classes.first == "0 - zero" && gzipped.classes.first == "T-shirt/top")
    }

    @Test func aPlainIDXFileShorterThanItsHeaderIsOneLineNamingIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let images = try Self.decompressed("t10k-images-idx3-ubyte.gz")
        let path = folder.path + "/t10k-images-idx3-ubyte"
        try Data(images.dropLast(784)).write(to: URL(fileURLWithPath: path))
        try Data(Self.decompressed("t10k-labels-idx1-ubyte.gz"))
            .write(to: URL(fileURLWithPath: folder.path + "/t10k-labels-idx1-ubyte"))
        let error = try #require(Self.dataError { _ = try MNISTDataset(.mnist, dataPrefix: folder.path, testMode: true) })
        #expect(error.description.hasPrefix(path + ": "))
        #expect(error.description.contains("7840000"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aLabelOutsideTheConfiguredClassesNamesTheLabelsFile() throws {
        let error = try #require(Self.dataError {
            _ = try MNISTDataset(.fashionMNIST, dataPrefix: Self.root, testMode: true, classes: ["a", "b", "c"])
        })
        #expect(error.description.hasPrefix(Self.root + "/t10k-labels-idx1-ubyte.gz: label "))
        #expect(error.description.contains("outside the 3 classes (0...2)"))
    }
}
