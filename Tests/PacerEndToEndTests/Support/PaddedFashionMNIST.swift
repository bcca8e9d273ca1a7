import Foundation
import Pacer
import PacerConfig
import PacerTrain

/// Real Fashion-MNIST images zero-padded from 28x28 to 32x32, the size
/// mmcls's LeNet5 takes (its config resizes to 32; these tests pad instead,
/// which keeps every pixel as it is, where Resize would interpolate).
enum PaddedFashionMNIST {
    /// Side of a padded image.
    static let side = 32

    /// The first `count` samples of `split`, padded: images [count, 1, 32, 32]
    /// in [0, 1] and their labels.
    static func samples(split: String, count: Int) throws -> (images: [Float], labels: [Int64]) {
        let dataset = try MNISTDataset(.fashionMNIST, dataPrefix: MNISTDataset.debianFashionMNIST,
                                       testMode: split == "test", limit: count)
        let storage = dataset.makeBatchStorage(capacity: count)
        dataset.gather(Array(0..<count)[...], epoch: 0, into: storage)
        let source = storage.batch.fields[0].data.assumingMemoryBound(to: Float.self)
        let labelSource = storage.batch.fields[1].data.assumingMemoryBound(to: Int64.self)
        var images = [Float](repeating: 0, count: count * side * side)
        for sample in 0..<count {
            for row in 0..<28 {
                for column in 0..<28 {
                    images[(sample * side + row + 2) * side + column + 2] = source[(sample * 28 + row) * 28 + column]
                }
            }
        }
        return (images, Array(UnsafeBufferPointer(start: labelSource, count: count)))
    }

    /// Writes the first `count` samples of `split`, padded, as
    /// `<name>-img.npy` (float32, N x 32 x 32) and `<name>-label.npy` (int64)
    /// in `folder`, and returns a NumpyDataset config section over them.
    static func writeNumpy(split: String, count: Int, name: String, in folder: String) throws -> ConfigDict {
        let (images, labels) = try samples(split: split, count: count)
        let imageFile = folder + "/\(name)-img.npy", labelFile = folder + "/\(name)-label.npy"
        try npy(descr: "<f4", shape: [count, side, side], body: images.withUnsafeBytes { Data($0) })
            .write(to: URL(fileURLWithPath: imageFile))
        try npy(descr: "<i8", shape: [count], body: labels.withUnsafeBytes { Data($0) })
            .write(to: URL(fileURLWithPath: labelFile))
        return ["type": "NumpyDataset", "img_file": .string(imageFile), "label_file": .string(labelFile)]
    }

    /// A batch of the first `count` padded training samples, in storage the
    /// caller keeps alive.
    static func batch(count: Int) throws -> BatchStorage {
        let (images, labels) = try samples(split: "train", count: count)
        let storage = BatchStorage(fields: [("img", .float32, [1, side, side]), ("gt_label", .int64, [])],
                                   capacity: count)
        images.withUnsafeBytes { storage.batch.fields[0].data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        labels.withUnsafeBytes { storage.batch.fields[1].data.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return storage
    }

    /// A NumPy .npy file (format 1.0) holding `body` little-endian.
    private static func npy(descr: String, shape: [Int], body: Data) -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(body)
        return data
    }
}
