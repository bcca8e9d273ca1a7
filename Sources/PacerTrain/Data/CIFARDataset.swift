import Foundation
import PacerConfig

/// mmcls 0.x's `CIFAR10` and `CIFAR100`, read from the official binary
/// distribution (`cifar-10-binary.tar.gz`, `cifar-100-binary.tar.gz`)
/// extracted into `data_prefix`: `cifar-10-batches-bin/data_batch_1.bin` to
/// `data_batch_5.bin` and `test_batch.bin`, or `cifar-100-binary/train.bin`
/// and `test.bin`. Samples are 32×32×3 byte images in RGB order, H×W×C, as
/// mmcls's arrays are; CIFAR-100 gives the fine label.
///
/// The Python (pickle) distribution is refused with the file to download
/// instead: Pacer never unpickles.
public final class CIFARDataset: SampleSource {
    /// The two variants and their files.
    public enum Variant: String, Sendable {
        /// CIFAR-10: 10 classes, records of 1 label byte and 3072 pixel bytes.
        case cifar10 = "CIFAR10"
        /// CIFAR-100: 100 fine classes, records of a coarse and a fine label
        /// byte and 3072 pixel bytes.
        case cifar100 = "CIFAR100"

        /// The folder the binary archive extracts to.
        var folder: String { self == .cifar10 ? "cifar-10-batches-bin" : "cifar-100-binary" }
        /// Names the Python (pickle) archive extracts: its folder, then files
        /// in it (for a `data_prefix` that is that folder).
        var pickleNames: [String] {
            self == .cifar10 ? ["cifar-10-batches-py", "data_batch_1", "batches.meta"] : ["cifar-100-python", "meta"]
        }
        /// The binary archive to download.
        var archive: String { self == .cifar10 ? "cifar-10-binary.tar.gz" : "cifar-100-binary.tar.gz" }
        /// The data files of a split.
        func files(testMode: Bool) -> [String] {
            switch (self, testMode) {
            case (.cifar10, false): (1...5).map { "data_batch_\($0).bin" }
            case (.cifar10, true): ["test_batch.bin"]
            case (.cifar100, false): ["train.bin"]
            case (.cifar100, true): ["test.bin"]
            }
        }
        /// The file of class names, one a line.
        var namesFile: String { self == .cifar10 ? "batches.meta.txt" : "fine_label_names.txt" }
        /// Label bytes before the pixels; the last is the label used.
        var labelBytes: Int { self == .cifar10 ? 1 : 2 }
        /// Number of classes.
        var classCount: Int { self == .cifar10 ? 10 : 100 }
    }

    /// Pixel bytes per image: 32×32 in each of red, green and blue planes.
    static let pixelBytes = 3 * 32 * 32

    /// Which CIFAR.
    public let variant: Variant
    /// `test_mode`: the test split instead of the training split.
    public let testMode: Bool
    /// Class names, from the config's `classes` or the distribution's names file.
    public let classes: [String]
    /// Number of samples.
    public let count: Int

    /// The records of the split's files, back to back.
    private let records: [UInt8]

    /// The split `testMode` selects of `variant` under `dataPrefix` (the
    /// folder holding the extracted `cifar-10-batches-bin` or
    /// `cifar-100-binary`, or that folder itself). `classes`, when given,
    /// replaces the names file and must name every class.
    public init(_ variant: Variant, dataPrefix: String, testMode: Bool = false, classes: [String]? = nil) throws(DataError) {
        self.variant = variant
        self.testMode = testMode
        let folder = try Self.binaryFolder(variant, under: dataPrefix)
        let recordSize = variant.labelBytes + Self.pixelBytes
        var records: [UInt8] = []
        for name in variant.files(testMode: testMode) {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, hint: "no such file, or not readable; extract \(variant.archive) "
                                  + "into \(dataPrefix)")
            }
            guard !data.isEmpty, data.count % recordSize == 0 else {
                throw .malformed(path: path, reason: "\(data.count) bytes are not a whole number of "
                                 + "\(recordSize)-byte \(variant.rawValue) records; download \(variant.archive) again")
            }
            let start = records.count
            records += data
            for record in 0..<data.count / recordSize {
                let label = records[start + record * recordSize + variant.labelBytes - 1]
                guard label < variant.classCount else {
                    throw .malformed(path: path, reason: "record \(record) has label \(label), outside "
                                     + "0...\(variant.classCount - 1)")
                }
            }
        }
        self.records = records
        count = records.count / recordSize
        if let classes {
            guard classes.count == variant.classCount else {
                throw .invalidOption("classes names \(classes.count) classes; \(variant.rawValue) has \(variant.classCount)")
            }
            self.classes = classes
        } else {
            self.classes = try Self.classNames(folder + "/" + variant.namesFile, count: variant.classCount)
        }
    }

    /// Sample `index`: its 32×32×3 RGB image and label.
    public func sample(at index: Int) throws(DataError) -> Sample {
        let recordSize = variant.labelBytes + Self.pixelBytes
        let start = index * recordSize + variant.labelBytes
        let area = 32 * 32
        let pixels = [UInt8](unsafeUninitializedCapacity: Self.pixelBytes) { buffer, initialized in
            for pixel in 0..<area {
                for channel in 0..<3 { buffer[pixel * 3 + channel] = records[start + channel * area + pixel] }
            }
            initialized = Self.pixelBytes
        }
        return Sample(image: Image(height: 32, width: 32, channels: 3, pixels: .bytes(pixels)),
                      label: Int64(records[start - 1]))
    }

    /// Every sample is 32×32×3.
    public func storedShape(at index: Int) throws(DataError) -> ImageShape? {
        ImageShape(height: 32, width: 32, channels: 3)
    }

    /// The label of sample `index`, without building its image.
    public func label(at index: Int) throws(DataError) -> Int64 {
        Int64(records[index * (variant.labelBytes + Self.pixelBytes) + variant.labelBytes - 1])
    }

    // MARK: Config

    /// The keys `CIFAR10` and `CIFAR100` accept (the pipeline's key aside).
    public static let options = ["data_prefix", "test_mode", "classes"]

    /// `dict(type='CIFAR10' or 'CIFAR100', data_prefix=..., test_mode=False, classes=None)`,
    /// with `classes` already read (a list, or a file's lines).
    public static func build(_ variant: Variant, _ config: some ConfigDictReading, classes: [String]?) throws
        -> CIFARDataset {
        try CIFARDataset(variant, dataPrefix: config.string("data_prefix"),
                         testMode: config.bool("test_mode", default: false), classes: classes)
    }

    // MARK: Files

    /// The folder holding the binary files: `dataPrefix/<folder>`, or
    /// `dataPrefix` itself when it holds them. The pickle distribution is
    /// refused, naming the archive to download.
    private static func binaryFolder(_ variant: Variant, under dataPrefix: String) throws(DataError) -> String {
        let manager = FileManager.default
        let nested = dataPrefix + "/" + variant.folder
        let firstFile = variant.files(testMode: false)[0]
        if manager.fileExists(atPath: nested) { return nested }
        if manager.fileExists(atPath: dataPrefix + "/" + firstFile) { return dataPrefix }
        let pickled = variant.pickleNames.map { dataPrefix + "/" + $0 }
        if let pickle = pickled.first(where: { manager.fileExists(atPath: $0) }) {
            throw .malformed(path: pickle, reason: "is \(variant.rawValue)'s Python (pickle) version, which Pacer does "
                             + "not read; download the binary version, \(variant.archive), from "
                             + "https://www.cs.toronto.edu/~kriz/cifar.html and extract it into \(dataPrefix)")
        }
        throw .unreadable(path: nested, hint: "no such folder; download \(variant.archive) from "
                          + "https://www.cs.toronto.edu/~kriz/cifar.html and extract it into \(dataPrefix)")
    }

    /// The class names in `path`, one a line (blank lines ignored).
    private static func classNames(_ path: String, count: Int) throws(DataError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, hint: "no such file, or not readable; it comes with the binary archive, "
                              + "or give classes in the config")
        }
        let names = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == count else {
            throw .malformed(path: path, reason: "names \(names.count) classes, expected \(count)")
        }
        return names
    }
}
