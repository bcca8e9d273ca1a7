import CPacer
import Pacer

/// Builds `pacer_tensor` views over host memory.
enum TensorView {
    /// A view named `name` (a stable C string) over `data`, whose extents
    /// are copied into `shapeStorage` (at least `shape.count` slots).
    static func make(name: UnsafePointer<CChar>, dtype: DType, shape: [Int],
                     shapeStorage: UnsafeMutablePointer<Int64>, data: UnsafeMutableRawPointer,
                     grad: UnsafeMutableRawPointer?) -> pacer_tensor {
        for (i, extent) in shape.enumerated() { shapeStorage[i] = Int64(extent) }
        var view = pacer_tensor()
        view.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
        view.dtype = dtype.rawValue
        view.name = name
        view.ndim = Int32(shape.count)
        view.shape = shape.isEmpty ? nil : UnsafePointer(shapeStorage)
        view.numel = UInt64(shape.reduce(1, *))
        view.data = data
        view.grad = grad
        return view
    }

    /// Writes `view` into a caller-provided output struct, copying no more
    /// than the caller's struct_size.
    static func write(_ view: pacer_tensor, to out: UnsafeMutablePointer<pacer_tensor>) -> pacer_status {
        let capacity = Int(out.pointee.struct_size)
        guard capacity >= MemoryLayout<pacer_tensor>.offset(of: \.grad)! + MemoryLayout<UnsafeRawPointer>.size
        else { return PACER_E_ABI }
        var copy = view
        withUnsafeBytes(of: &copy) { source in
            UnsafeMutableRawPointer(out).copyMemory(
                from: source.baseAddress!, byteCount: min(capacity, MemoryLayout<pacer_tensor>.size))
        }
        out.pointee.struct_size = UInt32(min(capacity, MemoryLayout<pacer_tensor>.size))
        return PACER_OK
    }
}
