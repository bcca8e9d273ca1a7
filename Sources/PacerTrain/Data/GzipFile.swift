#if canImport(Glibc)
import Glibc
#endif
import CZlib
import Pacer

/// A gzip-compressed (or plain) regular file, inflated as it is read, so
/// a caller can check declared sizes before inflating more: a gzip bomb
/// is refused after its header, not after filling memory.
final class GzipFile {
    /// The file's path, for errors.
    let path: String
    private let file: gzFile

    /// Opens the regular file at `path`; a missing file, a FIFO, a device
    /// or a folder is an error naming it (and, when missing, `missingHint`).
    init(_ path: String, missingHint: String) throws(DataError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(path: path, hint: missingHint) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .malformed(path: path, reason: "not a regular file")
        }
        guard let file = gzdopen(descriptor, "rb") else {
            close(descriptor)
            throw .unreadable(path: path, hint: missingHint)
        }
        self.file = file
    }

    deinit { gzclose(file) }

    /// Up to `count` inflated bytes: fewer only at the end of the data. A
    /// read of more than one chunk shows a progress bar once it has lasted
    /// a moment.
    func read(_ count: Int) throws(DataError) -> [UInt8] {
        var bytes: [UInt8] = []
        let chunkSize = 1 << 20
        var chunk = [UInt8](repeating: 0, count: min(count, chunkSize))
        let bar = count > chunkSize
            ? ProgressBar(label: "read " + (path.split(separator: "/").last.map(String.init) ?? path), total: count,
                          quietAtFirst: true)
            : nil
        while bytes.count < count {
            let wanted = min(count - bytes.count, chunk.count)
            let got = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(wanted)) }
            if got < 0 { throw .malformed(path: path, reason: "corrupt gzip data") }
            if got == 0 { break }
            bytes += chunk[0..<Int(got)]
            bar?.update(Int(got))
        }
        bar?.finish()
        return bytes
    }
}
