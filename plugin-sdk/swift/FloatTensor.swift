/// A dense row-major array of `Float` owned by Swift: what a hook stores in
/// and reads from a checkpoint.
public struct FloatTensor: Hashable, Sendable {
    /// The extents; empty for a scalar.
    public var shape: [Int]
    /// The elements, `shape.reduce(1, *)` of them.
    public var values: [Float]

    /// Creates a tensor; `shape` defaults to `[values.count]`.
    public init(shape: [Int]? = nil, values: [Float]) {
        self.shape = shape ?? [values.count]
        self.values = values
    }
}
