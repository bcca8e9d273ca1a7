import CPacer

/// Where ``HookPlugin/loadState(_:)`` reads what ``StateWriter`` stored.
/// A missing key reads as nil: the checkpoint may predate the hook, and the
/// hook then keeps its defaults. Valid during `load_state` only.
public struct StateReader {
    /// The registry name of the plugin, used in messages.
    public let typeName: String
    /// The host's function table.
    public let api: UnsafePointer<pacer_host_api>
    /// The opaque `pacer_state_io *` of this call.
    public let handle: OpaquePointer

    /// Wraps the handles of one `load_state` call.
    public init(typeName: String, api: UnsafePointer<pacer_host_api>, handle: OpaquePointer) {
        self.typeName = typeName
        self.api = api
        self.handle = handle
    }

    /// A copy of the float tensor under `key`, or nil when the checkpoint
    /// lacks it. Throws when the entry is not an F32 tensor.
    public func tensor(_ key: String) throws -> FloatTensor? {
        var raw = pacer_tensor()
        raw.struct_size = UInt32(MemoryLayout<pacer_tensor>.size)
        let status = key.withCString { api.pointee.state_get_tensor!(handle, $0, &raw) }
        guard try check(status, key) else { return nil }
        guard raw.dtype == PACER_DTYPE_F32 else {
            throw PluginFailure("\(typeName): state '\(key)' has dtype \(raw.dtype), expected F32",
                                status: .abi)
        }
        let shape = raw.ndim > 0 && raw.shape != nil
            ? (0..<Int(raw.ndim)).map { Int(raw.shape[$0]) } : []
        let count = Int(raw.numel)
        guard let data = raw.data, count > 0 else { return FloatTensor(shape: shape, values: []) }
        let values = Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self),
                                               count: count))
        return FloatTensor(shape: shape, values: values)
    }

    /// A copy of the byte blob under `key`, or nil when the checkpoint lacks it.
    public func bytes(_ key: String) throws -> [UInt8]? {
        var data: UnsafeRawPointer? = nil
        var size: UInt64 = 0
        let status = key.withCString { api.pointee.state_get_bytes!(handle, $0, &data, &size) }
        guard try check(status, key) else { return nil }
        guard let data, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(size)))
    }

    /// True when found, false when missing; throws otherwise.
    private func check(_ status: pacer_status, _ key: String) throws -> Bool {
        switch status {
        case PACER_OK: return true
        case PACER_E_NOT_FOUND: return false
        default:
            throw PluginFailure("\(typeName): cannot load state '\(key)' (status \(status))",
                                status: PluginStatus(rawValue: status))
        }
    }
}
