import Dispatch
import Foundation
import Pacer
import PacerConfig
import Synchronization

/// mmcls 0.x's `CustomDataset` and `ImageNet`: image files under
/// `data_prefix`, either one sub-folder per class (classes are the sorted
/// folder names, samples every file with an image extension anywhere under
/// them, sorted) or listed in an `ann_file` of `relative/path label` lines,
/// paths relative to `data_prefix`.
///
/// A sample is the file name and its label; `LoadImageFromFile` decodes it.
/// Everything that can be known before training is checked when the
/// dataset is built: a malformed `ann_file` line, a label outside the
/// classes, a listed file that is missing, a split without samples, and
/// the header of every image (read once, in parallel, with a progress bar
/// on standard error when it takes more than a moment).
public final class CustomDataset: SampleSource {
    /// mmcls's `IMG_EXTENSIONS`, the default `extensions`.
    public static let imageExtensions = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif"]
    /// The classes an `ImageNet` `ann_file` has when the config names none.
    static let imageNetClassCount = 1000

    /// The folder the files are relative to (`data_prefix`).
    public let dataPrefix: String
    /// Class names; label `i` is `classes[i]`.
    public let classes: [String]
    /// `test_mode`: accepted as mmcls accepts it; it marks the split and
    /// changes nothing here.
    public let testMode: Bool
    /// Number of samples.
    public var count: Int { files.count }

    /// Paths relative to `dataPrefix`, as mmcls's `img_info['filename']`.
    private let files: [String]
    private let labels: [Int64]
    /// Each image's extents as its header gives them (rows, columns, channels).
    private let headers: [(height: Int32, width: Int32, channels: Int32)]

    /// The dataset at `dataPrefix`: from `annFile` when given, else from the
    /// class sub-folders. `classes` names the classes (in folder mode there
    /// must be one per sub-folder); without it, folder mode takes the folder
    /// names and `annFile` mode `defaultClassCount` classes (named by their
    /// index) or, when nil, as many as the largest label needs.
    public init(dataPrefix: String, annFile: String? = nil, classes: [String]? = nil,
                extensions: [String] = CustomDataset.imageExtensions, testMode: Bool = false,
                defaultClassCount: Int? = nil) throws(DataError) {
        self.dataPrefix = dataPrefix
        self.testMode = testMode
        let lowered = Array(Set(extensions.map { $0.lowercased() })).sorted()
        let listing: Listing
        if let annFile {
            listing = try Self.annotations(annFile, classes: classes, defaultClassCount: defaultClassCount)
        } else {
            listing = try Self.classFolders(dataPrefix, classes: classes, extensions: lowered)
        }
        files = listing.files
        labels = listing.labels
        self.classes = listing.classes
        headers = try Self.readHeaders(listing.files.map { Self.join(dataPrefix, $0) }, lines: listing.lines,
                                       annFile: annFile)
    }

    /// Sample `index`: its file name (under `data_prefix`) and label.
    public func sample(at index: Int) throws(DataError) -> Sample {
        Sample(image: nil, filename: Self.join(dataPrefix, files[index]), label: labels[index])
    }

    /// The label of sample `index`.
    public func label(at index: Int) throws(DataError) -> Int64 { labels[index] }

    /// The extents of image `index` as its header gives them (the shape
    /// `ImageFile.read` gives with `.unchanged`), read when the dataset was
    /// built.
    public func headerShape(at index: Int) -> ImageShape? {
        let header = headers[index]
        return ImageShape(height: Int(header.height), width: Int(header.width), channels: Int(header.channels))
    }

    // MARK: Config

    /// The keys `CustomDataset` accepts (the pipeline's key aside).
    public static let options = ["data_prefix", "ann_file", "classes", "extensions", "test_mode"]
    /// The keys `ImageNet` accepts (the pipeline's key aside).
    public static let imageNetOptions = ["data_prefix", "ann_file", "classes", "test_mode"]

    /// `dict(type='CustomDataset', data_prefix=..., ann_file=None, classes=None, extensions=IMG_EXTENSIONS,
    /// test_mode=False)`, with `classes` already read (a list, or a file's lines).
    public static func custom(_ config: some ConfigDictReading, classes: [String]?) throws -> CustomDataset {
        try CustomDataset(dataPrefix: config.string("data_prefix"), annFile: config.optionalString("ann_file"),
                          classes: classes,
                          extensions: config.optionalList("extensions")?.map { try $0.string() } ?? imageExtensions,
                          testMode: config.bool("test_mode", default: false))
    }

    /// `dict(type='ImageNet', data_prefix=..., ann_file=None, classes=None, test_mode=False)`:
    /// `CustomDataset` with mmcls's image extensions and, for an `ann_file`
    /// without `classes`, ImageNet-1k's 1000 classes.
    public static func imageNet(_ config: some ConfigDictReading, classes: [String]?) throws -> CustomDataset {
        try CustomDataset(dataPrefix: config.string("data_prefix"), annFile: config.optionalString("ann_file"),
                          classes: classes, testMode: config.bool("test_mode", default: false),
                          defaultClassCount: imageNetClassCount)
    }

    // MARK: Listing

    /// Files, labels and classes found; `lines` maps each file to its
    /// `ann_file` line number.
    private struct Listing {
        var files: [String] = []
        var labels: [Int64] = []
        var lines: [Int] = []
        var classes: [String] = []
    }

    /// mmcls's `find_folders` and `get_samples`.
    private static func classFolders(_ prefix: String, classes: [String]?, extensions: [String]) throws(DataError)
        -> Listing {
        let folders = try ImageFolder.subfolders(of: prefix)
        guard !folders.isEmpty else {
            throw .malformed(path: prefix, reason: "has no class sub-folders; put each class's images in a folder "
                             + "named after the class, or give ann_file")
        }
        if let classes, classes.count != folders.count {
            throw .malformed(path: prefix, reason: "has \(folders.count) class sub-folders but classes names "
                             + "\(classes.count); give one class per sub-folder")
        }
        var listing = Listing(classes: classes ?? folders)
        var empty: [String] = []
        for (label, folder) in folders.enumerated() {
            let found = try ImageFolder.files(under: prefix + "/" + folder, extensions: extensions)
            if found.isEmpty { empty.append(folder) }
            listing.files += found.map { folder + "/" + $0 }
            listing.labels += Array(repeating: Int64(label), count: found.count)
        }
        let accepted = extensions.joined(separator: ", ")
        guard !listing.files.isEmpty else {
            throw .malformed(path: prefix, reason: "holds no files ending in \(accepted) in its class sub-folders")
        }
        if !empty.isEmpty {
            Console.error("warning: \(prefix): no files ending in \(accepted) in \(empty.joined(separator: ", "))")
        }
        return listing
    }

    /// mmcls's `ann_file` reading: each line stripped and split at its last
    /// space into a path and an integer label. Blank lines are skipped.
    private static func annotations(_ path: String, classes: [String]?, defaultClassCount: Int?) throws(DataError)
        -> Listing {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, hint: "no such file, or not readable; ann_file lists 'relative/path label' lines")
        }
        var listing = Listing()
        for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let at = "\(path):\(index + 1)"
            guard let space = line.lastIndex(of: " ") else {
                throw .malformed(path: at, reason: "'\(line)' is not 'relative/path label'")
            }
            let labelText = line[line.index(after: space)...]
            guard let label = Int64(labelText) else {
                throw .malformed(path: at, reason: "label '\(labelText)' is not an integer")
            }
            guard label >= 0 else { throw .malformed(path: at, reason: "label \(label) is negative") }
            listing.files.append(String(line[..<space]))
            listing.labels.append(label)
            listing.lines.append(index + 1)
        }
        guard !listing.files.isEmpty else { throw .malformed(path: path, reason: "lists no samples") }
        let classCount = classes?.count ?? defaultClassCount
        if let classCount, let bad = listing.labels.firstIndex(where: { $0 >= classCount }) {
            throw .malformed(path: "\(path):\(listing.lines[bad])",
                             reason: "label \(listing.labels[bad]) is outside the \(classCount) classes (0...\(classCount - 1))")
        }
        let count = classCount ?? Int(listing.labels.max() ?? 0) + 1
        listing.classes = classes ?? (0..<count).map(String.init)
        return listing
    }

    /// `osp.join(prefix, name)`: `name` itself when absolute.
    private static func join(_ prefix: String, _ name: String) -> String {
        name.hasPrefix("/") || prefix.isEmpty ? name : prefix.hasSuffix("/") ? prefix + name : prefix + "/" + name
    }

    // MARK: Header scan

    /// How many headers one parallel round reads between progress updates.
    private static let scanRound = 512

    /// The header of every file in `paths`, read in parallel rounds; the
    /// first failure in file order is the error. A file an `ann_file` names
    /// that cannot be read is reported at its line.
    private static func readHeaders(_ paths: [String], lines: [Int], annFile: String?) throws(DataError)
        -> [(height: Int32, width: Int32, channels: Int32)] {
        var headers = [(height: Int32, width: Int32, channels: Int32)](repeating: (0, 0, 0), count: paths.count)
        let bar = paths.count > scanRound ? ProgressBar(label: "image headers", total: paths.count) : nil
        for start in stride(from: 0, to: paths.count, by: scanRound) {
            let end = min(start + scanRound, paths.count)
            let failures = Mutex<[Int: DataError]>([:])
            let round = Mutex<[(Int, (height: Int32, width: Int32, channels: Int32))]>([])
            DispatchQueue.concurrentPerform(iterations: end - start) { offset in
                let index = start + offset
                do throws(DataError) {
                    let header = try ImageFile.header(paths[index])
                    round.withLock {
                        $0.append((index, (Int32(header.height), Int32(header.width), Int32(header.channels))))
                    }
                } catch {
                    failures.withLock { $0[index] = error }
                }
            }
            if let (index, error) = failures.withLock({ $0.min { $0.key < $1.key } }) {
                if let annFile, case .unreadable(let path, let hint) = error {
                    throw .malformed(path: "\(annFile):\(lines[index])", reason: "names \(path), which cannot be read (\(hint))")
                }
                throw error
            }
            for (index, header) in round.withLock({ $0 }) { headers[index] = header }
            bar?.update(end - start)
        }
        return headers
    }
}
