import CPacer
import Pacer

/// What a `pacer_state_io *` points at during save_state / load_state:
/// the checkpoint's state dict and the key prefix of the plugin instance.
final class StateIO {
    let state: StateDict
    let prefix: String
    private let strings = CStringTable()
    private var shapes: [UnsafeMutablePointer<Int64>] = []
    private var buffers: [UnsafeMutableRawPointer] = []

    init(state: StateDict, prefix: String) {
        self.state = state
        self.prefix = prefix
    }

    var pointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    static func from(_ pointer: OpaquePointer?) -> StateIO? {
        guard let pointer else { return nil }
        return Unmanaged<StateIO>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// A view of the stored tensor `key`, whose memory lives as long as this
    /// object (the duration of load_state).
    func view(of key: String) -> pacer_tensor? {
        guard let tensor = state.get(prefix + key) else { return nil }
        let shape = UnsafeMutablePointer<Int64>.allocate(capacity: max(tensor.shape.count, 1))
        let data = UnsafeMutableRawPointer.allocate(byteCount: max(tensor.bytes.count, 1), alignment: 16)
        tensor.bytes.withUnsafeBytes { if let base = $0.baseAddress { data.copyMemory(from: base, byteCount: $0.count) } }
        shapes.append(shape)
        buffers.append(data)
        return TensorView.make(name: strings.pointer(key), dtype: tensor.dtype, shape: tensor.shape,
                               shapeStorage: shape, data: data, grad: nil)
    }

    /// The keys stored under this instance's prefix, without the prefix.
    lazy var keys: [String] = state.names.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }

    /// A stable C copy of `key`.
    func cString(_ key: String) -> UnsafePointer<CChar> { strings.pointer(key) }

    /// The stored bytes of `key`, copied into memory this object owns.
    func bytes(of key: String) -> (UnsafeRawPointer, Int)? {
        guard let tensor = state.get(prefix + key) else { return nil }
        let data = UnsafeMutableRawPointer.allocate(byteCount: max(tensor.bytes.count, 1), alignment: 16)
        tensor.bytes.withUnsafeBytes { if let base = $0.baseAddress { data.copyMemory(from: base, byteCount: $0.count) } }
        buffers.append(data)
        return (UnsafeRawPointer(data), tensor.bytes.count)
    }

    deinit {
        for shape in shapes { shape.deallocate() }
        for buffer in buffers { buffer.deallocate() }
    }
}
