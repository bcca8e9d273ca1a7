import Foundation

/// `dict(type='NumpyDataset', img_file='x.npy', label_file='y.npy')` or
/// `dict(type='NumpyDataset', npz_file='data.npz', img_key='img', label_key='gt_label')`:
/// images N x H x W (grey) or N x H x W x C (channels last, as images are
/// stored; Pacer hands them on as N x C x H x W), uint8 (scaled to [0, 1]
/// as Fashion-MNIST's pixels are) or float32 (taken as they are), and one
/// integer label per image.
public enum NumpyDataset {
    /// The dataset a config section describes, read now.
    static func read(imgFile: String?, labelFile: String?, npzFile: String?, imgKey: String, labelKey: String,
                     classes: Int?, limit: Int?) throws(DataError) -> ArrayDataset {
        let images: NumpyArray, labels: NumpyArray, imagePath: String, labelPath: String
        if let npzFile {
            guard imgFile == nil, labelFile == nil else {
                throw .invalidOption("give npz_file, or img_file and label_file, not both")
            }
            let bytes = try readFile(npzFile)
            images = try NumpyArray(npy: NumpyArchive.member(imgKey, of: bytes, path: npzFile), path: npzFile + ":" + imgKey)
            labels = try NumpyArray(npy: NumpyArchive.member(labelKey, of: bytes, path: npzFile),
                                    path: npzFile + ":" + labelKey)
            (imagePath, labelPath) = (npzFile + ":" + imgKey, npzFile + ":" + labelKey)
        } else {
            guard let imgFile, let labelFile else { throw .invalidOption("give npz_file, or img_file and label_file") }
            images = try NumpyArray(npy: readFile(imgFile)[...], path: imgFile)
            labels = try NumpyArray(npy: readFile(labelFile)[...], path: labelFile)
            (imagePath, labelPath) = (imgFile, labelFile)
        }
        guard images.element == .uint8 || images.element == .float32 else {
            throw .malformed(path: imagePath, reason: "holds \(images.element) images; save them as uint8 or float32")
        }
        guard labels.element.isInteger, labels.shape.count == 1 else {
            throw .malformed(path: labelPath, reason: "must be a 1-D array of integer labels, "
                             + "not \(labels.element) of shape \(labels.shape)")
        }
        guard images.shape.count == 3 || images.shape.count == 4 else {
            throw .malformed(path: imagePath, reason: "has shape \(images.shape); images are N x H x W or N x H x W x C")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw .mismatch(images: imagePath, labels: labelPath,
                            reason: "\(images.shape[0]) images but \(labels.shape[0]) labels")
        }
        let labelValues = labels.integers()
        try ArrayDataset.checkLabels(labelValues, classes: classes, path: labelPath)
        if let limit, limit < 1 { throw .invalidOption("num_samples must be positive, got \(limit)") }
        let (height, width) = (images.shape[1], images.shape[2])
        let channels = images.shape.count == 4 ? images.shape[3] : 1
        let sampleShape = [channels, height, width]
        if images.element == .uint8 {
            return ArrayDataset(values: .bytes(channelsFirst(Array(images.data), sampleShape)), sampleShape: sampleShape,
                                labels: labelValues, classes: classes, limit: limit)
        }
        return ArrayDataset(values: .floats(channelsFirst(images.floats(), sampleShape)), sampleShape: sampleShape,
                            labels: labelValues, classes: classes, limit: limit)
    }

    /// N x H x W x C values reordered to N x C x H x W (unchanged for C = 1).
    private static func channelsFirst<T>(_ values: [T], _ shape: [Int]) -> [T] {
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        guard channels > 1 else { return values }
        var result = values
        let area = height * width, size = area * channels
        for sample in 0..<values.count / max(size, 1) {
            for pixel in 0..<area {
                for channel in 0..<channels {
                    result[sample * size + channel * area + pixel] = values[sample * size + pixel * channels + channel]
                }
            }
        }
        return result
    }

    /// The whole file at `path`.
    static func readFile(_ path: String) throws(DataError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, hint: "no such file, or not readable")
        }
        return [UInt8](data)
    }
}
