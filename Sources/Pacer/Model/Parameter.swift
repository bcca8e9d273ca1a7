/// A named float32 tensor owned by a model: its values and, for trained
/// parameters, its gradient. The pointers stay valid for the model's life.
public struct Parameter: @unchecked Sendable {
    /// Unique name within the model ("fc1.weight").
    public let name: String
    /// Extents, row-major.
    public let shape: [Int]
    /// The values.
    public let data: UnsafeMutablePointer<Float>
    /// The gradient of the last train step, or nil for untrained buffers.
    public let grad: UnsafeMutablePointer<Float>?

    /// Describes a tensor the caller owns.
    public init(name: String, shape: [Int], data: UnsafeMutablePointer<Float>,
                grad: UnsafeMutablePointer<Float>?) {
        self.name = name
        self.shape = shape
        self.data = data
        self.grad = grad
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}
