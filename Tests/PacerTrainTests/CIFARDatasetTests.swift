import Foundation
@testable import PacerTrain
import Testing

/// CIFAR10 and CIFAR100 over small files in the official binary format,
/// built here from Debian's Fashion-MNIST test images: each record's red,
/// green and blue planes are three consecutive images padded to 32×32.
@Suite("CIFARDataset")
struct CIFARDatasetTests {
    private static let images = try! IDXFile.read(FashionMNISTTests.root + "/t10k-images-idx3-ubyte.gz", rank: 3,
                                                  missingHint: "install dataset-fashion-mnist")
    private static let labels = try! IDXFile.read(FashionMNISTTests.root + "/t10k-labels-idx1-ubyte.gz", rank: 1,
                                                  missingHint: "install dataset-fashion-mnist")
    private static let tenNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                                   "truck"]

    /// Plane `channel` of sample `sample`: Fashion-MNIST image 3·sample + channel
    /// with a 2-pixel black border, row-major.
    private static func plane(_ sample: Int, _ channel: Int) -> [UInt8] {
        let image = 3 * sample + channel
        return (0..<32 * 32).map { offset in
            let (row, column) = (offset / 32 - 2, offset % 32 - 2)
            guard (0..<28).contains(row), (0..<28).contains(column) else { return 0 }
            return images.bytes[image * 784 + row * 28 + column]
        }
    }

    /// The H×W×C RGB pixels sample `sample` must have, interleaved from its planes.
    private static func expectedPixels(_ sample: Int) -> [UInt8] {
        let planes = (0..<3).map { plane(sample, $0) }
        return (0..<32 * 32 * 3).map { planes[$0 % 3][$0 / 3] }
    }

    /// Fashion-MNIST's label of sample `sample`'s first plane (0...9).
    private static func label(_ sample: Int) -> UInt8 { labels.bytes[3 * sample] }

    /// The records of samples `samples`, with `labelBytes(sample)` before each.
    private static func records(_ samples: Range<Int>, labelBytes: (Int) -> [UInt8]) -> Data {
        Data(samples.flatMap { sample in labelBytes(sample) + (0..<3).flatMap { plane(sample, $0) } })
    }

    /// Writes `data` to `path`, creating folders.
    private static func write(_ data: Data, to path: String) throws {
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// A CIFAR-10 binary folder under `root`: batches of 2, 3, 1, 2 and 2
    /// samples (0..<10) and a test batch of samples 10..<13.
    private static func writeCIFAR10(under root: String) throws -> String {
        let folder = root + "/cifar-10-batches-bin"
        var start = 0
        for (batch, size) in [2, 3, 1, 2, 2].enumerated() {
            try write(records(start..<start + size) { [label($0)] }, to: folder + "/data_batch_\(batch + 1).bin")
            start += size
        }
        try write(records(10..<13) { [label($0)] }, to: folder + "/test_batch.bin")
        try write(Data((tenNames.joined(separator: "\n") + "\n\n").utf8), to: folder + "/batches.meta.txt")
        return folder
    }

    /// The error building a dataset throws, or nil.
    private static func error(_ build: () throws(DataError) -> CIFARDataset) -> String? {
        do {
            _ = try build()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func cifar10ReadsEveryTrainingBatchOrTheTestBatchAsRGBImages() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try Self.writeCIFAR10(under: folder.path)

        let train = try CIFARDataset(.cifar10, dataPrefix: folder.path)
        #expect(train.count == 10)
        #expect(train.classes == Self.tenNames)
        for index in 0..<10 {
            let sample = try train.sample(at: index)
            #expect(sample.label == Int64(Self.label(index)))
            #expect(sample.image == Image(height: 32, width: 32, channels: 3, pixels: .bytes(Self.expectedPixels(index))))
        }
        let test = try CIFARDataset(.cifar10, dataPrefix: folder.path, testMode: true)
        #expect(test.count == 3)
        #expect(try (0..<3).map { try test.sample(at: $0).label } == (10..<13).map { Int64(Self.label($0)) })
        #expect(try test.sample(at: 2).image?.pixels == .bytes(Self.expectedPixels(12)))
    }

    @Test func cifar100GivesTheFineLabel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/cifar-100-binary"
        let fine = { (sample: Int) in UInt8(Int(Self.label(sample)) * 10 + sample % 10) }
        try Self.write(Self.records(0..<4) { [Self.label($0), fine($0)] }, to: root + "/train.bin")
        try Self.write(Self.records(4..<6) { [Self.label($0), fine($0)] }, to: root + "/test.bin")
        let names = (0..<100).map { "class\($0)" }
        try Self.write(Data(names.joined(separator: "\n").utf8), to: root + "/fine_label_names.txt")

        let train = try CIFARDataset(.cifar100, dataPrefix: folder.path)
        #expect(train.classes == names)
        #expect(try (0..<4).map { try train.sample(at: $0).label } == (0..<4).map { Int64(fine($0)) })
        #expect(try train.sample(at: 3).image?.pixels == .bytes(Self.expectedPixels(3)))
        let test = try CIFARDataset(.cifar100, dataPrefix: root, testMode: true)
        #expect(try (0..<2).map { try test.sample(at: $0).label } == (4..<6).map { Int64(fine($0)) })
    }

    @Test func thePickleDistributionIsRefusedNamingTheArchiveToDownload() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let python = folder.path + "/cifar-10-batches-py"
        try Self.write(Data([0x80, 0x02]), to: python + "/data_batch_1")
        let advice = "download the binary version, cifar-10-binary.tar.gz, from https://www.cs.toronto.edu/~kriz/cifar.html"
        #expect(Self.error { () throws(DataError) in try CIFARDataset(.cifar10, dataPrefix: folder.path) }
                == "\(python): is CIFAR10's Python (pickle) version, which Pacer does not read; \(advice) "
                + "and extract it into \(folder.path)")
        #expect(Self.error { () throws(DataError) in try CIFARDataset(.cifar10, dataPrefix: python) }
                == "\(python)/data_batch_1: is CIFAR10's Python (pickle) version, which Pacer does not read; \(advice) "
                + "and extract it into \(python)")
        let hundred = folder.path + "/cifar-100-python"
        try Self.write(Data([0x80, 0x02]), to: hundred + "/train")
        #expect(Self.error { () throws(DataError) in try CIFARDataset(.cifar100, dataPrefix: folder.path) }?
                    .hasPrefix("\(hundred): is CIFAR100's Python (pickle) version, which Pacer does not read; download "
                               + "the binary version, cifar-100-binary.tar.gz, ") == true)
        let empty = folder.path + "/nothing"
        #expect(Self.error { () throws(DataError) in try CIFARDataset(.cifar10, dataPrefix: empty) }
                == "\(empty)/cifar-10-batches-bin: cannot be read (no such folder; download cifar-10-binary.tar.gz from "
                + "https://www.cs.toronto.edu/~kriz/cifar.html and extract it into \(empty))")
    }

    @Test func damagedFilesAreOneLineNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bin = try Self.writeCIFAR10(under: folder.path)
        let build = { () throws(DataError) in try CIFARDataset(.cifar10, dataPrefix: folder.path) }

        try Self.write(Self.records(0..<2) { [Self.label($0)] } + Data([7]), to: bin + "/data_batch_4.bin")
        #expect(Self.error(build) == "\(bin)/data_batch_4.bin: 6147 bytes are not a whole number of 3073-byte CIFAR10 "
                + "records; download cifar-10-binary.tar.gz again")
        try Self.write(Self.records(0..<2) { $0 == 1 ? [10] : [Self.label($0)] }, to: bin + "/data_batch_4.bin")
        #expect(Self.error(build) == "\(bin)/data_batch_4.bin: record 1 has label 10, outside 0...9")
        try FileManager.default.removeItem(atPath: bin + "/data_batch_4.bin")
        #expect(Self.error(build) == "\(bin)/data_batch_4.bin: cannot be read (no such file, or not readable; extract "
                + "cifar-10-binary.tar.gz into \(folder.path))")

        let test = { () throws(DataError) in try CIFARDataset(.cifar10, dataPrefix: folder.path, testMode: true) }
        try FileManager.default.removeItem(atPath: bin + "/batches.meta.txt")
        #expect(Self.error(test) == "\(bin)/batches.meta.txt: cannot be read (no such file, or not readable; it comes "
                + "with the binary archive, or give classes in the config)")
        #expect(try CIFARDataset(.cifar10, dataPrefix: folder.path, testMode: true, classes: Self.tenNames).classes
                == Self.tenNames)
        #expect(Self.error { () throws(DataError) in
            try CIFARDataset(.cifar10, dataPrefix: folder.path, testMode: true, classes: ["a", "b"])
        } == "classes names 2 classes; CIFAR10 has 10")
    }
}
