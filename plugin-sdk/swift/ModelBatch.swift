import CPacer

/// The batch a model step receives (`pacer_batch`): host memory, read-only,
/// valid during the step only. The fields are found by name:
///
/// - "img": float32 `[N, ...]`: images channels first (`[N, C, H, W]`) or
///   table rows (`[N, F]`); pixels scaled to [0, 1] by the plain datasets
///   (bytes / 255), as stored for float data, and as the config's pipeline
///   leaves them when it has one (0-255, or Normalize's `(x - mean) / std`).
/// - "gt_label": `Int64` `[N]`, each sample's class index.
public struct ModelBatch {
    /// The host's `pacer_batch`.
    public let raw: UnsafePointer<pacer_batch>

    init(_ raw: UnsafePointer<pacer_batch>) { self.raw = raw }

    /// The number of samples, `N`: the first extent of "img".
    public var count: Int {
        get throws { try field("img", dtype: PACER_DTYPE_F32).shape[0] }
    }

    /// The extents of "img", `N` first.
    public var imageShape: [Int] {
        get throws { try field("img", dtype: PACER_DTYPE_F32).shape }
    }

    /// The "img" values, `N` samples of `count / N` floats each, row-major.
    public var images: UnsafeBufferPointer<Float> {
        get throws {
            let field = try self.field("img", dtype: PACER_DTYPE_F32)
            return UnsafeBufferPointer(start: field.data.assumingMemoryBound(to: Float.self), count: field.count)
        }
    }

    /// The "gt_label" values, one class index per sample.
    public var labels: UnsafeBufferPointer<Int64> {
        get throws {
            let field = try self.field("gt_label", dtype: PACER_DTYPE_I64)
            return UnsafeBufferPointer(start: field.data.assumingMemoryBound(to: Int64.self), count: field.count)
        }
    }

    /// The field named `name` with its extents and memory; throws when the
    /// batch lacks it, or it has another dtype or no samples.
    private func field(_ name: String, dtype: UInt32) throws
        -> (shape: [Int], data: UnsafeMutableRawPointer, count: Int)
    {
        for index in 0..<raw.pointee.field_count {
            let view = pacer_batch_field(raw, index).pointee
            guard let fieldName = view.name, String(cString: fieldName) == name else { continue }
            guard view.dtype == dtype, view.ndim >= 1, let shape = view.shape, shape[0] >= 1, let data = view.data
            else {
                throw PluginFailure("the batch's '\(name)' must be \(dtype == PACER_DTYPE_F32 ? "float32" : "int64") "
                                    + "[N, ...] with N >= 1", status: .invalidArgument)
            }
            return ((0..<Int(view.ndim)).map { Int(shape[$0]) }, data, Int(view.numel))
        }
        throw PluginFailure("the batch has no '\(name)' field", status: .invalidArgument)
    }
}
