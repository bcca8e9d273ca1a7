import CPacer

/// A trainable parameter of the model: a mutable view of host-owned F32
/// memory. The buffers stay valid for the whole run, so a hook may keep
/// them (an EMA hook updating shadow weights); the names and shapes are
/// copies.
public struct ParameterView {
    /// The parameter's name, e.g. `"fc1.weight"`.
    public let name: String
    /// The extents, row-major; empty for a scalar.
    public let shape: [Int]
    /// The values. A hook may write them (an EMA swap).
    public let data: UnsafeMutableBufferPointer<Float>
    /// The gradient of the last train step, same shape, or nil.
    public let grad: UnsafeMutableBufferPointer<Float>?

    /// The element count (the product of ``shape``).
    public var count: Int { data.count }

    /// Copies a host view; throws for a dtype other than F32.
    init(_ raw: pacer_tensor) throws {
        let name = CStrings.string(raw.name)
        guard raw.dtype == PACER_DTYPE_F32 else {
            throw PluginFailure("parameter '\(name)' has dtype \(raw.dtype), expected F32",
                                status: .abi)
        }
        let count = Int(raw.numel)
        self.name = name
        self.shape = raw.ndim > 0 && raw.shape != nil
            ? (0..<Int(raw.ndim)).map { Int(raw.shape[$0]) } : []
        self.data = UnsafeMutableBufferPointer(
            start: raw.data?.assumingMemoryBound(to: Float.self), count: raw.data == nil ? 0 : count)
        self.grad = raw.grad.map {
            UnsafeMutableBufferPointer(start: $0.assumingMemoryBound(to: Float.self), count: count)
        }
    }
}
