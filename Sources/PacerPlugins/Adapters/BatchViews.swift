import CPacer
import Pacer

/// Reusable storage for a batch's `pacer_tensor` views: field names as C
/// strings and shapes live here, so handing a batch to a plugin allocates
/// nothing once the first batch has been seen.
final class BatchViews {
    private let names = CStringTable()
    private var tensors = UnsafeMutablePointer<pacer_tensor>.allocate(capacity: 0)
    private var shapes = UnsafeMutablePointer<Int64>.allocate(capacity: 0)
    private var tensorCapacity = 0
    private var shapeCapacity = 0

    /// Calls `body` with a `pacer_batch` viewing `batch`.
    func withBatch<R>(_ batch: Batch, _ body: (UnsafePointer<pacer_batch>) -> R) -> R {
        reserve(fields: batch.fields.count, extents: batch.fields.reduce(0) { $0 + $1.shape.count })
        var offset = 0
        for (i, field) in batch.fields.enumerated() {
            tensors[i] = TensorView.make(
                name: names.pointer(field.name), dtype: field.dtype, shape: field.shape,
                shapeStorage: shapes + offset, data: field.data, grad: nil)
            offset += field.shape.count
        }
        var view = pacer_batch()
        view.struct_size = UInt32(MemoryLayout<pacer_batch>.size)
        view.field_count = UInt32(batch.fields.count)
        view.field_stride = UInt32(MemoryLayout<pacer_tensor>.stride)
        view.fields = UnsafePointer(tensors)
        return body(&view)
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
        tensors.deallocate()
        shapes.deallocate()
    }
}
