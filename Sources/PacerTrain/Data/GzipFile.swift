import CZlib

/// Reads a whole gzip-compressed (or plain) file into memory.
enum GzipFile {
    /// The decompressed bytes of the file at `path`.
    static func read(_ path: String, missingHint: String) throws(DataError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else { throw .unreadable(path: path, hint: missingHint) }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 { throw .malformed(path: path, reason: "corrupt gzip data") }
            if count == 0 { break }
            bytes += chunk[0..<Int(count)]
        }
        return bytes
    }
}
