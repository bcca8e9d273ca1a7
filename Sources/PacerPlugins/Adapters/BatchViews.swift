import CPacer
import Pacer

/// Reusable storage for a batch's `pacer_batch` view and its
/// `pacer_tensor`s: field names as C strings and shapes live here, so
/// handing a batch to a plugin allocates nothing once the first batch has
/// been seen. A field whose name is the one seen last time at its position
/// keeps its C string without a lookup, and the batch viewed last time (a
/// loader reusing its batch, as loaders do) keeps its views while its field
/// array is the one viewed: the views hold on to that array, so any change
/// to the batch's fields since would have given it a new one. Used from
/// the runner's thread only; the storage skips Swift's dynamic exclusivity
/// checks.
final class BatchViews {
    private let names = CStringTable()
    private let batchView = UnsafeMutablePointer<pacer_batch>.allocate(capacity: 1)
    @exclusivity(unchecked) private var tensors = UnsafeMutablePointer<pacer_tensor>.allocate(capacity: 0)
    @exclusivity(unchecked) private var shapes = UnsafeMutablePointer<Int64>.allocate(capacity: 0)
    @exclusivity(unchecked) private var tensorCapacity = 0
    @exclusivity(unchecked) private var shapeCapacity = 0
    /// The field names of the last batch, by position, and their C strings.
    @exclusivity(unchecked) private var lastNames: [(name: String, pointer: UnsafePointer<CChar>)] = []
    /// The batch and the fields the current views show, held so that
    /// neither can change under the views, and the fields' address.
    @exclusivity(unchecked) private var viewedBatch: Batch?
    @exclusivity(unchecked) private var viewedFields: [BatchField] = []
    @exclusivity(unchecked) private var viewedAddress: UnsafeRawPointer?

    init() { batchView.initialize(to: pacer_batch()) }

    /// A `pacer_batch` viewing `batch`, valid until the next call.
    func view(of batch: Batch) -> UnsafePointer<pacer_batch> {
        let address = batch.fieldsAddress
        if address != nil && address == viewedAddress && batch === viewedBatch { return UnsafePointer(batchView) }
        let fields = batch.fields
        (viewedBatch, viewedFields, viewedAddress) = (batch, fields, address)
        var extents = 0
        for i in fields.indices { extents += fields[i].shape.count }
        reserve(fields: fields.count, extents: extents)
        var offset = 0
        for i in fields.indices {
            tensors[i] = TensorView.make(
                name: name(fields[i].name, at: i), dtype: fields[i].dtype, shape: fields[i].shape,
                shapeStorage: shapes + offset, data: fields[i].data, grad: nil)
            offset += fields[i].shape.count
        }
        batchView.pointee.struct_size = UInt32(MemoryLayout<pacer_batch>.size)
        batchView.pointee.field_count = UInt32(fields.count)
        batchView.pointee.field_stride = UInt32(MemoryLayout<pacer_tensor>.stride)
        batchView.pointee.fields = UnsafePointer(tensors)
        return UnsafePointer(batchView)
    }

    private func name(_ name: String, at index: Int) -> UnsafePointer<CChar> {
        if index < lastNames.count && lastNames[index].name == name { return lastNames[index].pointer }
        let pointer = names.pointer(name)
        if index < lastNames.count { lastNames[index] = (name, pointer) } else { lastNames.append((name, pointer)) }
        return pointer
    }

    private func reserve(fields: Int, extents: Int) {
        if fields > tensorCapacity {
            tensors.deallocate()
            tensors = .allocate(capacity: fields)
            tensorCapacity = fields
        }
        if extents > shapeCapacity {
            shapes.deallocate()
            shapes = .allocate(capacity: extents)
            shapeCapacity = extents
        }
    }

    deinit {
        batchView.deallocate()
        tensors.deallocate()
        shapes.deallocate()
    }
}
