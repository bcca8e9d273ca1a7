import Foundation
import PacerConfig
@testable import PacerTrain
import Testing

/// CustomDataset and ImageNet over folders of PNG files holding Debian's
/// Fashion-MNIST test images, written by ImageFile: mmcls 0.x's folder and
/// `ann_file` layouts, and every problem they can have reported before
/// training, as one line naming the file.
@Suite("CustomDataset")
struct CustomDatasetTests {
    /// The first Fashion-MNIST test images, 28×28 grey.
    private static let images = try! IDXFile.read(FashionMNISTTests.root + "/t10k-images-idx3-ubyte.gz", rank: 3,
                                                  missingHint: "install dataset-fashion-mnist")

    /// Writes Fashion-MNIST test image `index` as a PNG at `path` (folders created).
    private static func writeImage(_ index: Int, to path: String) throws {
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        let pixels = Array(images.bytes[index * 784..<(index + 1) * 784])
        try ImageFile.writePNG(Image(height: 28, width: 28, channels: 1, pixels: .bytes(pixels)), to: path)
    }

    /// Writes `text` to `path`.
    private static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The error building a dataset throws, or nil.
    private static func error(_ build: () throws(DataError) -> CustomDataset) -> String? {
        do {
            _ = try build()
            return nil
        } catch {
            return error.description
        }
    }

    /// A dataset's config dict as `configs/x.py` would give it.
    private static func section(_ entries: ConfigDict) -> ConfigSection {
        ConfigSection(file: "configs/x.py", keyPath: ConfigKeyPath([.key("data"), .key("train")]), entries: entries)
    }

    /// Every sample's file name (relative to `prefix`) and label.
    private static func samples(_ dataset: CustomDataset, under prefix: String) throws -> [String] {
        try (0..<dataset.count).map { index in
            let sample = try dataset.sample(at: index)
            let name = try #require(sample.filename)
            #expect(sample.image == nil)
            return "\(name.dropFirst(prefix.count + 1)) \(sample.label)"
        }
    }

    // MARK: Class folders

    @Test func classFoldersGiveSortedClassesAndEveryImageFileUnderThemSorted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/train"
        for (index, path) in ["b_shirt/9.png", "b_shirt/10.png", "b_shirt/sub/1.png", "a_coat/x.PNG",
                              "C_bag/2.png", "C_bag/.hidden.png"].enumerated() {
            try Self.writeImage(index, to: root + "/" + path)
        }
        try Self.write("not an image", to: root + "/a_coat/notes.txt")
        try Self.write("top-level files are no class", to: root + "/README.png")

        let dataset = try CustomDataset(dataPrefix: root)
        #expect(dataset.classes == ["C_bag", "a_coat", "b_shirt"])
        #expect(try Self.samples(dataset, under: root)
                == ["C_bag/.hidden.png 0", "C_bag/2.png 0", "a_coat/x.PNG 1", "b_shirt/10.png 2", "b_shirt/9.png 2",
                    "b_shirt/sub/1.png 2"])
        #expect((0..<dataset.count).map(dataset.headerShape) == Array(repeating: ImageShape(height: 28, width: 28, channels: 1), count: 6))
        #expect(try CustomDataset(dataPrefix: root, classes: ["bag", "coat", "shirt"]).classes == ["bag", "coat", "shirt"])
        #expect(try CustomDataset(dataPrefix: root, extensions: [".PNG"]).count == 6)
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root, extensions: [".txt", ".png"]) }
                == "\(root)/a_coat/notes.txt: is not a PNG or JPEG image (its first bytes are neither signature)")
    }

    @Test func classFolderProblemsAreOneLineEach() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/train"
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root) }
                == "\(root): cannot be read (No such file or directory; data_prefix must be a folder)")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root) }
                == "\(root): has no class sub-folders; put each class's images in a folder named after the class, "
                + "or give ann_file")
        try Self.write("x", to: root + "/cat/notes.txt")
        try FileManager.default.createDirectory(atPath: root + "/dog", withIntermediateDirectories: true)
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root) }
                == "\(root): holds no files ending in .bmp, .jpeg, .jpg, .pgm, .png, .ppm, .tif in its class sub-folders")
        try Self.writeImage(0, to: root + "/cat/0.png")
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root, classes: ["cat"]) }
                == "\(root): has 2 class sub-folders but classes names 1; give one class per sub-folder")
        #expect(try CustomDataset(dataPrefix: root).count == 1)
    }

    @Test func aCorruptImageIsReportedBeforeTraining() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/train"
        for index in 0..<1200 {
            try Self.writeImage(index, to: root + "/\(index % 2)/\(String(format: "%04d", index)).png")
        }
        let dataset = try CustomDataset(dataPrefix: root)
        #expect(dataset.count == 1200)
        #expect((0..<dataset.count).allSatisfy { dataset.headerShape(at: $0) == ImageShape(height: 28, width: 28, channels: 1) })

        for name in ["1/1101.png", "0/0700.png"] {
            let path = root + "/" + name
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(20).write(to: URL(fileURLWithPath: path))
        }
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root) }
                == "\(root)/0/0700.png: truncated PNG: the file ends before its image data does")
    }

    // MARK: ann_file

    @Test func anAnnFileListsPathsRelativeToDataPrefixWithTheirLabels() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/images"
        try Self.writeImage(0, to: root + "/a/first image.png")
        try Self.writeImage(1, to: root + "/b/2.png")
        try Self.writeImage(2, to: folder.path + "/elsewhere.png")
        let list = folder.path + "/meta/train.txt"
        try Self.write("b/2.png 2\n\n  a/first image.png 0  \n\(folder.path)/elsewhere.png 1\n", to: list)

        let dataset = try CustomDataset(dataPrefix: root, annFile: list, classes: ["x", "y", "z"])
        #expect(dataset.classes == ["x", "y", "z"])
        #expect(try (0..<3).map { try dataset.sample(at: $0).filename ?? "" }
                == [root + "/b/2.png", root + "/a/first image.png", folder.path + "/elsewhere.png"])
        #expect(try (0..<3).map { try dataset.sample(at: $0).label } == [2, 0, 1])

        let unnamed = try CustomDataset(dataPrefix: root, annFile: list)
        #expect(unnamed.classes == ["0", "1", "2"])
        let imageNet = try CustomDataset.imageNet(Self.section(["data_prefix": .string(root), "ann_file": .string(list)]), classes: nil)
        #expect(imageNet.classes.count == 1000)
    }

    @Test func annFileProblemsNameTheFileAndLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.path + "/images"
        try Self.writeImage(0, to: root + "/a/0.png")
        let list = folder.path + "/val.txt"
        let cases: [(String, [String]?, String)] = [
            ("a/0.png 0\na/0.png\n", nil, "\(list):2: 'a/0.png' is not 'relative/path label'"),
            ("a/0.png zero\n", nil, "\(list):1: label 'zero' is not an integer"),
            ("a/0.png -1\n", nil, "\(list):1: label -1 is negative"),
            ("a/0.png 0\n\na/0.png 3\n", ["x", "y", "z"], "\(list):3: label 3 is outside the 3 classes (0...2)"),
            ("a/0.png 1\na/missing.png 0\n", ["x", "y"],
             "\(list):2: names \(root)/a/missing.png, which cannot be read (No such file or directory)"),
            ("\n  \n", nil, "\(list): lists no samples"),
        ]
        for (text, classes, expected) in cases {
            try Self.write(text, to: list)
            #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root, annFile: list, classes: classes) }
                    == expected)
        }
        let missing = folder.path + "/train.txt"
        #expect(Self.error { () throws(DataError) in try CustomDataset(dataPrefix: root, annFile: missing) }
                == "\(missing): cannot be read (no such file, or not readable; ann_file lists 'relative/path label' lines)")
        try Self.write("a/0.png 1000\n", to: list)
        #expect(throws: DataError.malformed(path: "\(list):1", reason: "label 1000 is outside the 1000 classes (0...999)")) {
            try CustomDataset.imageNet(Self.section(["data_prefix": .string(root), "ann_file": .string(list)]),
                                       classes: nil)
        }
    }
}
