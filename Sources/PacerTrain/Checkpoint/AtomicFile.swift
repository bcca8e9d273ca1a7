#if canImport(Glibc)
import Glibc
#endif
import Pacer

/// Crash-safe file replacement: write a temporary file in the same folder,
/// fsync it, rename it over the target, fsync the folder. A crash at any
/// point leaves either the old file or the new one, never a torn one (and
/// perhaps the temporary, which `CheckpointRotation.removeTemporaries`
/// clears). A file-size limit (SIGXFSZ) or a closed pipe (SIGPIPE) fails
/// the write like a full disk instead of killing the process.
enum AtomicFile {
    /// Replaces `path` with `bytes`.
    static func write(_ bytes: [UInt8], to path: String) throws(CheckpointError) {
        _ = Console.writeErrorsInsteadOfSignals
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: errorText()) }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let count = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errorText()
                    return
                }
                written += count
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errorText() }
        if close(descriptor) != 0, failure == nil { failure = errorText() }
        if failure == nil, rename(temporary, path) != 0 { failure = errorText() }
        if let failure {
            unlink(temporary)
            throw .writeFailed(path: path, reason: failure)
        }
        syncFolder(of: path)
    }

    /// Points the symbolic link `link` at `target` (a name in the same
    /// folder), replacing any previous link atomically.
    static func pointLink(_ link: String, to target: String) throws(CheckpointError) {
        let temporary = temporaryPath(for: link)
        unlink(temporary)
        guard symlink(target, temporary) == 0, rename(temporary, link) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw .writeFailed(path: link, reason: reason)
        }
        syncFolder(of: link)
    }

    private static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return path[..<slash] + "." + path[slash...] + temporaryMarker + "\(getpid())"
    }

    private static let temporaryMarker = ".tmp-"

    /// Whether `name` is a temporary file of a write that can no longer
    /// finish: `.<name>.tmp-<pid>` of a process that is gone.
    static func isStaleTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: temporaryMarker, options: .backwards),
              let pid = Int32(name[marker.upperBound...]), pid > 0
        else { return false }
        return pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH)
    }

    private static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
