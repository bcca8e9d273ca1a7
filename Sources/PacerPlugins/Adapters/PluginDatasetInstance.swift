import CPacer
import Pacer
import Synchronization

/// A dataset plugin instance (ABI 1.1) as the host's data code sees it:
/// its length, classes and item shape, read and checked once after
/// create, and `fill(_:image:label:)`, which has the plugin write one item
/// into host memory. `fill` may run on several loader threads at once; for
/// a plugin declaring `PACER_DATASET_SERIAL` the calls are serialised.
public final class PluginDatasetInstance: @unchecked Sendable {
    // @unchecked: after init every stored property is only read; the
    // plugin's own thread rules (or `serial`) cover the calls into it.

    /// What an item's image holds.
    public enum PixelType: Sendable {
        /// Bytes, 0-255.
        case uint8
        /// Floats, taken as they are.
        case float32
    }

    /// The plugin's type name.
    public let typeName: String
    /// The plugin file.
    public let origin: String
    /// Number of items.
    public let count: Int
    /// Class names, label `i` naming class `i`.
    public let classes: [String]
    /// One item's image extents: H, W, C (channels last).
    public let imageShape: (height: Int, width: Int, channels: Int)
    /// The image's element type.
    public let pixelType: PixelType

    /// Elements of one item's image.
    public var imageElementCount: Int { imageShape.height * imageShape.width * imageShape.channels }

    private let descriptor: PluginDescriptor
    private let getItem: @convention(c) (UnsafeMutableRawPointer?, Int64, UnsafePointer<pacer_batch>?,
                                         OpaquePointer?) -> pacer_status
    private let instance: UnsafeMutableRawPointer
    /// The views of one item with `data` unset: the image and label in the
    /// plugin's field order, names and shapes in `names` and `shapes`.
    private let templates: [pacer_tensor]
    private let imagePosition: Int
    private let names = CStringTable()
    private let shapes: UnsafeMutablePointer<Int64>
    /// Whether the plugin declared PACER_DATASET_SERIAL, and the lock then
    /// held around each get_item.
    private let isSerial: Bool
    private let serial = Mutex(())

    /// Creates an instance of `descriptor` from its config and reads its
    /// shape, refusing a length or class count below 1 and any field
    /// other than "img" (uint8 or float32, H x W x C) and "gt_label" (an
    /// int64 scalar) in one error naming the file.
    public init(_ descriptor: PluginDescriptor, config: PluginConfigView) throws(PluginError) {
        guard let table = descriptor.datasetVTable, let getItem = table.get_item else {
            throw .createFailed(type: descriptor.typeName, path: descriptor.path, message: "not a dataset plugin")
        }
        self.descriptor = descriptor
        self.getItem = getItem
        typeName = descriptor.typeName
        origin = descriptor.path
        isSerial = descriptor.isSerialDataset
        let instance = try PluginInstance.create(descriptor, config: config, errorSlot: ErrorSlot())
        self.instance = instance
        let shape: Shape
        do {
            shape = try Self.readShape(table, instance: instance, descriptor: descriptor)
        } catch {
            descriptor.descriptor.destroy!(instance)
            throw error
        }
        (count, classes, imageShape, pixelType, imagePosition) =
            (shape.count, shape.classes, shape.image, shape.pixels, shape.imagePosition)
        shapes = .allocate(capacity: 3)
        shapes.initialize(repeating: 0, count: 3)
        (shapes[0], shapes[1], shapes[2]) = (Int64(imageShape.height), Int64(imageShape.width),
                                             Int64(imageShape.channels))
        let image = TensorView.make(
            name: names.pointer("img"), dtype: pixelType == .uint8 ? .uint8 : .float32,
            shape: [imageShape.height, imageShape.width, imageShape.channels], shapeStorage: shapes,
            data: UnsafeMutableRawPointer(shapes), grad: nil)
        let label = TensorView.make(name: names.pointer("gt_label"), dtype: .int64, shape: [], shapeStorage: shapes,
                                    data: UnsafeMutableRawPointer(shapes), grad: nil)
        templates = imagePosition == 0 ? [image, label] : [label, image]
    }

    /// Has the plugin fill item `index` into `image` (`imageElementCount`
    /// bytes or floats, H x W x C) and `label`, and checks the label
    /// against the classes. An error names the file, the plugin and the index.
    public func fill(_ index: Int, image: UnsafeMutableRawPointer,
                     label: UnsafeMutablePointer<Int64>) throws(PluginError) {
        let errorSlot = ErrorSlot()
        let status = withUnsafeTemporaryAllocation(of: pacer_tensor.self, capacity: 2) { views in
            _ = views.initialize(from: templates)
            views[imagePosition].data = image
            views[1 - imagePosition].data = UnsafeMutableRawPointer(label)
            var item = pacer_batch()
            item.struct_size = UInt32(MemoryLayout<pacer_batch>.size)
            item.field_count = 2
            item.field_stride = UInt32(MemoryLayout<pacer_tensor>.stride)
            item.fields = UnsafePointer(views.baseAddress)
            if isSerial {
                return serial.withLock { _ in getItem(instance, Int64(index), &item, errorSlot.pointer) }
            }
            return getItem(instance, Int64(index), &item, errorSlot.pointer)
        }
        guard status == PACER_OK else {
            throw .itemFailed(path: origin, type: typeName, index: index, message: errorSlot.take(status: status))
        }
        guard (0..<Int64(classes.count)).contains(label.pointee) else {
            throw .itemFailed(path: origin, type: typeName, index: index,
                              message: "gt_label \(label.pointee) is outside the classes 0...\(classes.count - 1)")
        }
    }

    /// What `readShape` found.
    private struct Shape {
        let count: Int
        let classes: [String]
        let image: (height: Int, width: Int, channels: Int)
        let pixels: PixelType
        let imagePosition: Int
    }

    /// Reads length, classes and fields, checking each.
    private static func readShape(_ table: pacer_dataset_vtable, instance: UnsafeMutableRawPointer,
                                  descriptor: PluginDescriptor) throws(PluginError) -> Shape {
        func bad(_ reason: String) -> PluginError {
            .badDataset(path: descriptor.path, type: descriptor.typeName, reason: reason)
        }
        let length = table.length!(instance)
        guard length >= 1 else { throw bad("length is \(length); a dataset needs at least one item") }
        let classCount = table.class_count!(instance)
        guard classCount >= 1 else { throw bad("class_count is 0; a dataset needs at least one class") }
        let classes = (0..<classCount).map { index in
            table.class_name!(instance, index).map { String(cString: $0) } ?? String(index)
        }
        let fieldCount = table.field_count!(instance)
        var fields: [(name: String, dtype: UInt32, shape: [Int64])] = []
        for index in 0..<min(fieldCount, 16) {
            var view = pacer_tensor()
            view.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
            guard table.field_at!(instance, index, &view) == PACER_OK, let name = view.name,
                  (0...8).contains(view.ndim), view.ndim == 0 || view.shape != nil else {
                throw bad("field_at(\(index)) returned no field with a name and 0 to 8 dimensions")
            }
            fields.append((String(cString: name), view.dtype, (0..<Int(view.ndim)).map { view.shape![$0] }))
        }
        let expected = "a 1.1 host takes exactly 'img' (uint8 or float32, shape {H, W, C}) and 'gt_label' (int64 scalar)"
        let names = fields.map(\.name)
        guard fieldCount == 2, Set(names) == ["img", "gt_label"] else {
            throw bad("declares the fields \(names.map { "'\($0)'" }.joined(separator: ", "))"
                      + (fieldCount > 16 ? " and more" : "") + "; \(expected)")
        }
        let imagePosition = names.firstIndex(of: "img")!
        let image = fields[imagePosition], label = fields[1 - imagePosition]
        let pixels: PixelType? = image.dtype == UInt32(PACER_DTYPE_U8) ? .uint8
            : image.dtype == UInt32(PACER_DTYPE_F32) ? .float32 : nil
        guard let pixels, image.shape.count == 3, image.shape.allSatisfy({ (1...(1 << 20)).contains($0) }) else {
            throw bad("field 'img' must be uint8 or float32 with shape {H, W, C}, not \(describe(image.dtype)) "
                      + "of shape {\(image.shape.map(String.init).joined(separator: ", "))}")
        }
        guard label.dtype == UInt32(PACER_DTYPE_I64), label.shape.isEmpty else {
            throw bad("field 'gt_label' must be an int64 scalar (ndim 0), not \(describe(label.dtype)) "
                      + "of shape {\(label.shape.map(String.init).joined(separator: ", "))}")
        }
        return Shape(count: Int(length), classes: classes,
                     image: (Int(image.shape[0]), Int(image.shape[1]), Int(image.shape[2])), pixels: pixels,
                     imagePosition: imagePosition)
    }

    private static func describe(_ dtype: UInt32) -> String {
        switch dtype {
        case UInt32(PACER_DTYPE_U8): "uint8"
        case UInt32(PACER_DTYPE_F32): "float32"
        case UInt32(PACER_DTYPE_I64): "int64"
        default: "dtype \(dtype)"
        }
    }

    deinit {
        descriptor.descriptor.destroy!(instance)
        shapes.deallocate()
    }
}
