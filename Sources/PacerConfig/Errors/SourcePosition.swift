/// A place in a config file's text: 1-based line and column, the column counted in
/// characters (Unicode scalars), not bytes.
public struct SourcePosition: Sendable, Hashable {
    /// The line, starting at 1.
    public var line: Int
    /// The column, starting at 1.
    public var column: Int

    /// The position `line:column`.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of byte `offset` in the UTF-8 text `bytes` (valid up to `offset`).
    init(offset: Int, in bytes: [UInt8]) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Count scalar starts: every byte that is not a UTF-8 continuation byte.
        let column = bytes[lineStart..<offset].count { $0 & 0b1100_0000 != 0b1000_0000 }
        self.init(line: line, column: column + 1)
    }
}
