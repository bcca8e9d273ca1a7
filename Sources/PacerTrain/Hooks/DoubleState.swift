import Pacer

/// Doubles in a checkpoint without rounding: stored as an int64 tensor of
/// their IEEE-754 bit patterns (checkpoint tensors are float32, int64 or
/// uint8), so a resumed schedule continues to the last bit.
enum DoubleState {
    /// `values` as a tensor of shape `[values.count]`.
    static func tensor(_ values: [Double]) -> StateTensor {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
        return StateTensor(dtype: .int64, shape: [values.count], bytes: bytes)
    }

    /// The doubles `tensor` holds, or nil when it is not such a tensor.
    static func values(_ tensor: StateTensor) -> [Double]? {
        guard tensor.dtype == .int64, tensor.bytes.count == tensor.count * 8 else { return nil }
        return (0..<tensor.count).map { index in
            var bits: UInt64 = 0
            for byte in 0..<8 { bits |= UInt64(tensor.bytes[index * 8 + byte]) << UInt64(byte * 8) }
            return Double(bitPattern: bits)
        }
    }
}
