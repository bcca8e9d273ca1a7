/// A reproducible stream of random numbers (SplitMix64) for a model's
/// initial values and dropout masks: the same seed gives the same numbers
/// on every machine and Swift version, unlike the standard library's
/// generators.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A stream seeded with `seed` (a model's `init_seed`).
    public init(seed: Int) { state = UInt64(bitPattern: Int64(seed)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniform in `range`, from the top 24 bits of ``next()``.
    public mutating func uniform(in range: ClosedRange<Float>) -> Float {
        let unit = Float(next() >> 40) * (1 / 16_777_216)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }
}
