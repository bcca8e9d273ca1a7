/// Grey pixels (0-255) to floats in [0, 1], sixteen at a time.
enum PixelScaling {
    /// Writes `Float(byte) * (1 / 255)` for each of `count` bytes; the
    /// vector and the scalar tail compute the same floats.
    static func scale(_ source: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        let scale = Float(1) / 255
        var start = 0
        while start + 16 <= count {
            let bytes = UnsafeRawPointer(source + start).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(destination + start).storeBytes(of: SIMD16<Float>(bytes) * scale,
                                                                    as: SIMD16<Float>.self)
            start += 16
        }
        for index in start..<count { destination[index] = Float(source[index]) * scale }
    }
}
