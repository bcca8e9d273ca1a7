/// Checks that text is well-formed UTF-8 before it is parsed.
enum UTF8Validation {
    /// The byte offset where the first ill-formed sequence starts, or `nil` when all of
    /// `bytes` is valid UTF-8.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
