// The transforms of mmcls 0.x that load images, change pixel values, or
// only the form a sample is handed on in (loading.py, transforms.py,
// formatting.py).

// MARK: - LoadImageFromFile

/// `dict(type='LoadImageFromFile', color_type='color', to_float32=False)`:
/// reads the sample's file with `ImageFile.read` as `mmcv.imread` does
/// (`color`: 3 channels BGR; `grayscale`: 1 channel; `unchanged`: as
/// stored), as bytes, or as float32 values 0-255 with `to_float32`.
///
/// A sample already in memory (MNIST, CIFAR, arrays) is not read but
/// brought to the same channels (grey repeated into BGR, or BGR reduced to
/// OpenCV's luma `0.299 R + 0.587 G + 0.114 B`), so one pipeline serves an
/// image folder and an in-memory set alike.
public struct LoadImageFromFile: Transform {
    /// How pixels are laid out.
    public let colorType: ImageColorType
    /// Whether the pixels become floats.
    public let toFloat32: Bool

    /// A loader of `colorType` pixels.
    public init(colorType: ImageColorType = .color, toFloat32: Bool = false) {
        self.colorType = colorType
        self.toFloat32 = toFloat32
    }

    /// Reads the file (or converts the image in memory).
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        var image: Image
        if let filename = sample.filename, sample.image == nil {
            image = try ImageFile.read(filename, colorType: colorType)
        } else if let stored = sample.image {
            image = converted(stored)
        } else {
            throw .invalidOption("LoadImageFromFile found a sample with neither a file nor an image")
        }
        if toFloat32, case .bytes(let bytes) = image.pixels { image.pixels = .floats(bytes.map(Float.init)) }
        sample.image = image
    }

    /// The stored extents with the channels `color_type` gives.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var result = shape
        switch colorType {
        case .color: result.channels = 3
        case .grayscale: result.channels = 1
        case .unchanged: break
        }
        return result
    }

    /// The extents of `filename` as stored, from its header.
    static func storedShape(of filename: String) throws(DataError) -> ImageShape {
        let header = try ImageFile.header(filename)
        return ImageShape(height: header.height, width: header.width, channels: header.channels)
    }

    private static func luma(_ blue: Double, _ green: Double, _ red: Double) -> Double {
        0.114 * blue + 0.587 * green + 0.299 * red
    }

    private func converted(_ image: Image) -> Image {
        let target = colorType == .color ? 3 : colorType == .grayscale ? 1 : image.channels
        guard target != image.channels, image.channels == 1 || image.channels == 3 else { return image }
        let area = image.height * image.width
        func convert<T>(_ values: [T], luma: ([T]) -> T) -> [T] {
            if target == 3 { return values.flatMap { [$0, $0, $0] } }
            return (0..<area).map { luma(Array(values[$0 * 3..<$0 * 3 + 3])) }
        }
        var result = image
        result.channels = target
        switch image.pixels {
        case .bytes(let bytes):
            result.pixels = .bytes(convert(bytes) { bgr in
                UInt8(Self.luma(Double(bgr[0]), Double(bgr[1]), Double(bgr[2])).rounded())
            })
        case .floats(let floats):
            result.pixels = .floats(convert(floats) { bgr in
                Float(Self.luma(Double(bgr[0]), Double(bgr[1]), Double(bgr[2])))
            })
        }
        return result
    }
}

// MARK: - Normalize

/// `dict(type='Normalize', mean=[...], std=[...], to_rgb=True)`: mmcv's
/// `imnormalize`: the pixels as float32, channels reversed first when
/// `to_rgb` (BGR to RGB), then `(value - mean) * (1 / std)` per channel.
/// `mean` and `std` hold one value per channel, or one for all.
///
/// `to_rgb` on a one-channel image does nothing (mmcv would fail in
/// OpenCV's `cvtColor`; mmcls's own Fashion-MNIST config sets it, so Pacer
/// accepts it).
public struct Normalize: Transform {
    /// Subtracted per channel.
    public let mean: [Double]
    /// Divided by per channel.
    public let std: [Double]
    /// Whether three channels are reversed first.
    public let toRGB: Bool

    /// A normalization by `mean` and `std`.
    public init(mean: [Double], std: [Double], toRGB: Bool = true) {
        self.mean = mean
        self.std = std
        self.toRGB = toRGB
    }

    /// Normalizes the image into floats.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard var image = sample.image else { throw Resize.noImage("Normalize", sample) }
        _ = try outputShape(of: image.extents)
        let channels = image.channels
        let means = (0..<channels).map { Float(mean.count == 1 ? mean[0] : mean[$0]) }
        let scales = (0..<channels).map { Float(1 / (std.count == 1 ? std[0] : std[$0])) }
        let reverse = toRGB && channels == 3
        // Over buffer pointers: this runs per image per epoch.
        func normalized(_ value: (Int) -> Float) -> [Float] {
            var result = [Float](repeating: 0, count: image.height * image.width * channels)
            result.withUnsafeMutableBufferPointer { out in
                for pixel in 0..<image.height * image.width {
                    for c in 0..<channels {
                        let source = pixel * channels + (reverse ? channels - 1 - c : c)
                        out[pixel * channels + c] = (value(source) - means[c]) * scales[c]
                    }
                }
            }
            return result
        }
        switch image.pixels {
        case .bytes(let bytes): image.pixels = .floats(bytes.withUnsafeBufferPointer { b in normalized { Float(b[$0]) } })
        case .floats(let floats): image.pixels = .floats(floats.withUnsafeBufferPointer { f in normalized { f[$0] } })
        }
        sample.image = image
    }

    /// The input's extents; `mean` or `std` of another length than 1 or
    /// the channels is an error.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        for (name, values) in [("mean", mean), ("std", std)] where values.count != 1 && values.count != shape.channels {
            throw .invalidOption("Normalize \(name) has \(values.count) values for \(shape.channels)-channel images")
        }
        return shape
    }
}

// MARK: - Formatting

/// `ImageToTensor`, `ToTensor`, `Collect` and `ToNumpy`, which in mmcls
/// turn the `results` dict into the tensors a model takes. Pacer's batch
/// layout is fixed, "img" float32 [N, C, H, W] and "gt_label" int64 [N],
/// which is what `ImageToTensor(keys=['img'])`, `ToTensor(keys=['gt_label'])`
/// and `Collect(keys=['img', 'gt_label'])` produce in mmcls, so these steps
/// change nothing; the config builder checks that their `keys` name only
/// those two fields.
public struct Formatting: Transform {
    /// The mmcls name (`ImageToTensor`, ...), for messages.
    public let name: String

    /// The step mmcls calls `name`.
    public init(name: String) { self.name = name }

    /// Leaves the sample as it is: the batch layout already is the tensor form.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {}

    /// The input's extents.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape { shape }
}
