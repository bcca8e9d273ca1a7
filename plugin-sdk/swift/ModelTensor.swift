import CPacer

/// A parameter or buffer of a ``ModelPlugin``: float32 memory the tensor
/// allocates (zero-filled) and frees, at an address that never changes, so
/// the host can read and write it for the whole run.
///
/// The host's optimizer writes ``data`` between steps, and the host writes
/// saved values into it on resume; the plugin writes ``grad`` in each train
/// step. Create every tensor in `init` and keep it in the instance.
public final class ModelTensor {
    /// The name in checkpoints (`"fc1.weight"`), unique within the model.
    public let name: String
    /// The extents, row-major (PyTorch's layouts: a Linear weight is
    /// `[out, in]`); empty for a scalar.
    public let shape: [Int]
    /// The values.
    public let data: UnsafeMutableBufferPointer<Float>
    /// The gradient, same size as ``data``, for a parameter; nil for a buffer.
    public let grad: UnsafeMutableBufferPointer<Float>?
    /// The C name and extents the host's view points at.
    let cName: UnsafeMutablePointer<CChar>
    let cShape: UnsafeMutablePointer<Int64>

    /// A zero-filled tensor named `name` with extents `shape`; with a
    /// gradient when `trainable` (a parameter), without one otherwise (a
    /// buffer). Negative extents count as 0.
    public init(name: String, shape: [Int], trainable: Bool = true) {
        let count = shape.reduce(1) { $0 * max($1, 0) }
        self.name = name
        self.shape = shape
        data = .allocate(capacity: count)
        data.initialize(repeating: 0)
        if trainable {
            let gradient = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            gradient.initialize(repeating: 0)
            grad = gradient
        } else {
            grad = nil
        }
        let utf8 = Array(name.utf8CString)
        cName = .allocate(capacity: utf8.count)
        cName.initialize(from: utf8, count: utf8.count)
        cShape = .allocate(capacity: max(shape.count, 1))
        cShape.initialize(repeating: 0, count: max(shape.count, 1))
        for (index, extent) in shape.enumerated() { cShape[index] = Int64(max(extent, 0)) }
    }

    /// The element count (the product of ``shape``).
    public var count: Int { data.count }

    /// The `pacer_tensor` view `param_at`/`buffer_at` hands the host.
    var view: pacer_tensor {
        var view = pacer_tensor()
        view.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
        view.dtype = PACER_DTYPE_F32
        view.name = UnsafePointer(cName)
        view.ndim = Int32(shape.count)
        view.shape = shape.isEmpty ? nil : UnsafePointer(cShape)
        view.numel = UInt64(count)
        view.data = UnsafeMutableRawPointer(data.baseAddress)
        view.grad = grad.map { UnsafeMutableRawPointer($0.baseAddress) } ?? nil
        return view
    }

    deinit {
        data.deallocate()
        grad?.deallocate()
        cName.deallocate()
        cShape.deallocate()
    }
}
