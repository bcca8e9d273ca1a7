/// Element types of batch fields.
public enum DType: UInt32, Sendable {
    /// 32-bit float.
    case float32 = 1
    /// 64-bit signed integer.
    case int64 = 2
    /// Unsigned byte.
    case uint8 = 3

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .float32: return 4
        case .int64: return 8
        case .uint8: return 1
        }
    }
}

/// One named field of a batch: a dense row-major array whose first
/// dimension is the sample.
public struct BatchField {
    /// Field name ("img", "gt_label").
    public let name: String
    /// Element type.
    public let dtype: DType
    /// Extents; `shape[0]` is the number of samples.
    public var shape: [Int]
    /// The elements, owned by whoever made the batch.
    public let data: UnsafeMutableRawPointer

    /// Describes memory the caller owns.
    public init(name: String, dtype: DType, shape: [Int], data: UnsafeMutableRawPointer) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }
}

/// A batch of samples as named fields. Data loaders reuse one batch's
/// storage from step to step, so a batch is valid until the next one is
/// fetched from the same loader.
public final class Batch {
    /// The fields. Read on every step; a batch is handed from thread to
    /// thread, never shared, so it skips Swift's dynamic exclusivity checks.
    @exclusivity(unchecked) public var fields: [BatchField]

    /// A batch over `fields`.
    public init(fields: [BatchField]) { self.fields = fields }

    /// The address of `fields`' storage, read with no reference counting
    /// and no exclusivity check (a read of `fields` from another module
    /// makes one that `@exclusivity(unchecked)` does not lift). While a
    /// caller holds a copy of `fields`, the array cannot change in place, so
    /// the same address later means the same, unchanged fields: a plugin
    /// adapter keeps the views it built from them.
    public var fieldsAddress: UnsafeRawPointer? {
        fields.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// Number of samples (the first extent of the first field).
    public var count: Int { fields.first?.shape.first ?? 0 }
}
