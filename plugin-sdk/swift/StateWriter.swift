import CPacer

/// Where ``HookPlugin/saveState(_:)`` stores a hook's checkpoint state:
/// named float tensors and byte blobs, scoped to the instance. The host
/// copies everything before each call returns. Valid during `save_state` only.
public struct StateWriter {
    /// The registry name of the plugin, used in messages.
    public let typeName: String
    /// The host's function table.
    public let api: UnsafePointer<pacer_host_api>
    /// The opaque `pacer_state_io *` of this call.
    public let handle: OpaquePointer

    /// Wraps the handles of one `save_state` call.
    public init(typeName: String, api: UnsafePointer<pacer_host_api>, handle: OpaquePointer) {
        self.typeName = typeName
        self.api = api
        self.handle = handle
    }

    /// Stores `tensor` under `key`.
    public func put(_ key: String, _ tensor: FloatTensor) throws {
        try tensor.values.withUnsafeBufferPointer { try put(key, floats: $0, shape: tensor.shape) }
    }

    /// Stores `floats` with extents `shape` under `key` without an extra copy
    /// (the host copies them); the product of `shape` must equal `floats.count`.
    public func put(_ key: String, floats: UnsafeBufferPointer<Float>, shape: [Int]) throws {
        guard shape.reduce(1, *) == floats.count else {
            throw PluginFailure(
                "\(typeName): state '\(key)' has \(floats.count) values but shape \(shape)",
                status: .invalidArgument)
        }
        let extents = shape.map { Int64($0) }
        let status = extents.withUnsafeBufferPointer { extentsBuffer in
            key.withCString { name in
                var raw = pacer_tensor()
                raw.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
                raw.dtype = PACER_DTYPE_F32
                raw.name = name
                raw.ndim = Int32(shape.count)
                raw.shape = shape.isEmpty ? nil : extentsBuffer.baseAddress
                raw.numel = UInt64(floats.count)
                raw.data = UnsafeMutableRawPointer(mutating: floats.baseAddress)
                raw.grad = nil
                return api.pointee.state_put_tensor!(handle, name, &raw)
            }
        }
        try check(status, key)
    }

    /// Stores `bytes` under `key`.
    public func put(_ key: String, bytes: [UInt8]) throws {
        let status = bytes.withUnsafeBytes { buffer in
            key.withCString {
                api.pointee.state_put_bytes!(handle, $0, buffer.baseAddress, UInt64(buffer.count))
            }
        }
        try check(status, key)
    }

    /// Throws for a failed put.
    private func check(_ status: pacer_status, _ key: String) throws {
        guard status == PACER_OK else {
            throw PluginFailure("\(typeName): cannot save state '\(key)' (status \(status))",
                                status: PluginStatus(rawValue: status))
        }
    }
}
