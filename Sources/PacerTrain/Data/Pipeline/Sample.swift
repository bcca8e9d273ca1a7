// MARK: - Image

/// An image on its way through a pipeline, laid out as MMCV and NumPy lay
/// it out: rows, then columns, then channels (H×W×C), row-major. A decoded
/// file or a byte dataset holds bytes (0-255); `Normalize` and the tensor
/// transforms turn them into floats.
public struct Image: Sendable, Equatable {
    /// The pixel values, `height * width * channels` of them.
    public enum Pixels: Sendable, Equatable {
        /// Bytes as decoded, 0-255.
        case bytes([UInt8])
        /// Floats, after a transform computed them.
        case floats([Float])
    }

    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// Channels per pixel: 1 (grey) or 3 (colour, in the order the source
    /// gives; decoded files give BGR as `mmcv.imread` does); a file read
    /// with `ImageColorType.unchanged` may also give 2 (grey + alpha) or 4
    /// (BGRA).
    public var channels: Int
    /// The values.
    public var pixels: Pixels

    /// An image of the given extents; `pixels` must hold `height * width *
    /// channels` values.
    public init(height: Int, width: Int, channels: Int, pixels: Pixels) {
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
    }

    /// The extents as MMCV's `img_shape` reports them: (H, W, C).
    public var shape: [Int] { [height, width, channels] }
}

// MARK: - Sample

/// One sample on its way through a pipeline: the part of MMClassification's
/// `results` dict that Pacer's fixed batch layout carries.
public struct Sample: Sendable {
    /// The image, or nil until `LoadImageFromFile` reads `filename`.
    public var image: Image?
    /// The file the image comes from, for sources that read files.
    public var filename: String?
    /// The class index (`gt_label`).
    public var label: Int64
    /// Whether `RandomFlip` flipped the image (`flip` in MMCV's meta).
    public var flipped = false

    /// A sample holding `image` (or only `filename`) and `label`.
    public init(image: Image?, filename: String? = nil, label: Int64) {
        self.image = image
        self.filename = filename
        self.label = label
    }
}
