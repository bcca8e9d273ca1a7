/// A named array saved in or read from a checkpoint: parameters, optimizer
/// buffers, hook state. Bytes are little-endian, row-major.
public struct StateTensor: Equatable, Sendable {
    /// Element type.
    public var dtype: DType
    /// Extents (empty for a scalar).
    public var shape: [Int]
    /// The raw elements.
    public var bytes: [UInt8]

    /// A tensor over `bytes`.
    public init(dtype: DType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// A float32 copy of `count` elements at `data`.
    public init(copying data: UnsafePointer<Float>, shape: [Int]) {
        dtype = .float32
        self.shape = shape
        bytes = Array(UnsafeRawBufferPointer(start: data, count: shape.reduce(1, *) * 4))
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// Named state tensors in insertion order: what a checkpoint holds beside
/// its metadata, and what hooks and models write into and read from.
public final class StateDict {
    /// Names in insertion order.
    public private(set) var names: [String] = []
    private var tensors: [String: StateTensor] = [:]

    /// An empty dict.
    public init() {}

    /// Stores `tensor` under `name`, replacing an earlier one.
    public func put(_ name: String, _ tensor: StateTensor) {
        if tensors.updateValue(tensor, forKey: name) == nil { names.append(name) }
    }

    /// The tensor stored under `name`.
    public func get(_ name: String) -> StateTensor? { tensors[name] }
}

extension StateTensor {
    /// Copies the raw elements to `destination`, which must hold `bytes.count` bytes.
    public func copy(into destination: UnsafeMutableRawPointer) {
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { destination.copyMemory(from: base, byteCount: raw.count) }
        }
    }

    /// Copies float32 elements to `destination`.
    public func copy(into destination: UnsafeMutablePointer<Float>) {
        copy(into: UnsafeMutableRawPointer(destination))
    }
}
