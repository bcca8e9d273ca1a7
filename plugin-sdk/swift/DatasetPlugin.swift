/// A dataset written in Swift (ABI 1.1): what a config names in
/// `data=dict(train=dict(type='MyData', root='/data/x'))`.
///
/// The host asks for ``count``, ``classes`` and ``image`` once, right after
/// ``PacerPlugin/init(config:)``, then calls ``fill(_:)`` for item after item
/// in the order its sampler gives; shuffling, batching and transforms are
/// the host's:
///
/// ```swift
/// final class Stripes: DatasetPlugin {
///     static let typeName = "Stripes"
///     static let version = "1.0.0"
///     static let isThreadSafe = true          // fill reads only what init set up
///     let count = 100
///     let classes = ["even", "odd"]
///     let image = DatasetImage(height: 8, width: 8, channels: 1, pixels: .uint8)
///     init(config: PluginConfig) throws {}
///     func fill(_ item: DatasetItem) throws {
///         for i in item.bytes.indices { item.bytes[i] = UInt8((i + item.index) % 2 * 255) }
///         item.label = Int64(item.index % 2)
///     }
/// }
///
/// private let library = PluginLibraryDescription(datasets: [Stripes.self])
/// ```
///
/// Items are the fields "img" (``image``: H x W x C, channels last, bytes
/// or floats) and "gt_label" (an `Int64` in `0..<classes.count`). ``fill(_:)``
/// must give the same values every time it is asked for the same index.
/// A thrown error stops the run with one line naming the plugin file and
/// the index. A 1.0 host refuses a dataset plugin.
public protocol DatasetPlugin: PacerPlugin {
    /// Whether ``fill(_:)`` may run on several loader threads at once (it
    /// reads only what `init` set up, or guards what it changes). `false`
    /// by default: the host then never overlaps two calls of one instance
    /// (`PACER_DATASET_SERIAL`).
    static var isThreadSafe: Bool { get }
    /// Number of items, at least 1; read once after `init`.
    var count: Int { get }
    /// Class names, at least one; label `i` names class `i`. Read once
    /// after `init`.
    var classes: [String] { get }
    /// The extents and element type of every item's image; read once after `init`.
    var image: DatasetImage { get }
    /// Writes item ``DatasetItem/index`` into `item`: every element of its
    /// image and its label. Keep no pointer from `item` after returning.
    func fill(_ item: DatasetItem) throws
}

extension DatasetPlugin {
    /// `false`: calls are serialised.
    public static var isThreadSafe: Bool { false }
}

/// The shape of a dataset's images: H x W x C, channels last as MMCV lays
/// images out, of bytes (0-255) or floats.
public struct DatasetImage: Sendable, Equatable {
    /// What one pixel value is.
    public enum PixelType: Sendable, Equatable {
        /// `UInt8`, 0-255 (PACER_DTYPE_U8).
        case uint8
        /// `Float` (PACER_DTYPE_F32).
        case float32
    }

    /// Rows, columns and channels (1 grey, 3 colour), each at least 1.
    public var height: Int, width: Int, channels: Int
    /// The element type.
    public var pixels: PixelType

    /// An image shape.
    public init(height: Int, width: Int, channels: Int, pixels: PixelType) {
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
    }

    /// `height * width * channels`.
    public var elementCount: Int { height * width * channels }
}

/// One item to fill: host memory, valid only during ``DatasetPlugin/fill(_:)``.
public struct DatasetItem {
    /// The item's index, `0..<count`.
    public let index: Int
    /// The image's memory, `image.elementCount` elements of the declared type.
    public let pixels: UnsafeMutableRawBufferPointer
    private let labelSlot: UnsafeMutablePointer<Int64>

    init(index: Int, pixels: UnsafeMutableRawBufferPointer, label: UnsafeMutablePointer<Int64>) {
        self.index = index
        self.pixels = pixels
        labelSlot = label
    }

    /// The image as bytes, for a dataset whose pixels are `.uint8`.
    public var bytes: UnsafeMutableBufferPointer<UInt8> { pixels.bindMemory(to: UInt8.self) }
    /// The image as floats, for a dataset whose pixels are `.float32`.
    public var floats: UnsafeMutableBufferPointer<Float> { pixels.bindMemory(to: Float.self) }
    /// The class index ("gt_label").
    public var label: Int64 {
        get { labelSlot.pointee }
        nonmutating set { labelSlot.pointee = newValue }
    }
}
