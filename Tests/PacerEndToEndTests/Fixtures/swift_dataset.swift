// SwiftIdxDataset, a dataset plugin written with the PacerPluginKit and
// built by the tests out of tree with swiftc against plugin-sdk alone: the
// Swift twin of plugin-sdk/templates/c-dataset, serving uncompressed IDX
// files (images N x H x W bytes, labels N bytes) as "img" (uint8,
// H x W x 1) and "gt_label", the first `num_samples` of them.
#if canImport(Glibc)
import Glibc
#endif
import CPacer
import PacerPluginKit

final class SwiftIdxDataset: DatasetPlugin {
    static let typeName = "SwiftIdxDataset"
    static let version = "1.0.0"
    static let summary = "uncompressed IDX images and labels"
    static let isThreadSafe = true
    static let options: [PluginOption] = [
        .string("images", default: nil, help: "the IDX file of images"),
        .string("labels", default: nil, help: "the IDX file of labels"),
        PluginOption("num_samples", .int, default: "None", help: "keep the first num_samples items"),
    ]

    let count: Int
    let classes = (0..<10).map(String.init)
    let image: DatasetImage
    private let pixels: [UInt8]
    private let labels: [UInt8]

    init(config: PluginConfig) throws {
        let imageFile = try Self.read(config.string("images") ?? "")
        let labelFile = try Self.read(config.string("labels") ?? "")
        let keep = try config.int("num_samples") ?? Int.max
        let dims = (0..<3).map { Self.bigEndian(imageFile, at: 4 + 4 * $0) }
        count = min(dims[0], Self.bigEndian(labelFile, at: 4), keep)
        image = DatasetImage(height: dims[1], width: dims[2], channels: 1, pixels: .uint8)
        pixels = Array(imageFile[16..<16 + count * dims[1] * dims[2]])
        labels = Array(labelFile[8..<8 + count])
    }

    func fill(_ item: DatasetItem) throws {
        let size = image.elementCount
        for i in 0..<size { item.bytes[i] = pixels[item.index * size + i] }
        item.label = Int64(labels[item.index])
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        (0..<4).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw PluginFailure("\(path): cannot be opened", status: .io) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = fread(&chunk, 1, chunk.count, file)
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }
}

private let library = PluginLibraryDescription(datasets: [SwiftIdxDataset.self])

@c(pacer_plugin_entry) public func pacerPluginEntry() -> UnsafePointer<pacer_library> { library.pointer }
