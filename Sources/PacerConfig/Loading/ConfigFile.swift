#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File-system access for config files, with errors that name the file.
enum ConfigFile {
    /// The largest config file read: far above any real config, far below what would
    /// strain memory.
    static let maxBytes = 16 << 20

    /// The whole content of the file at `path`; errors name the file `name` (`path` by default).
    ///
    /// Only a regular file is read (a device such as `/dev/zero` or a FIFO is refused at
    /// once, without waiting for a writer), and only up to `maxBytes`.
    static func contents(of path: String, name: String? = nil) throws(ConfigError) -> [UInt8] {
        let shown = name ?? path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw failure(shown, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(shown, errno: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw failure(shown, errno: EISDIR) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ConfigError(file: shown, problem: .unreadable(reason: "not a regular file (\(kind(of: status.st_mode)))"))
        }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                content += chunk[..<count]
                guard content.count <= maxBytes else {
                    throw ConfigError(
                        file: shown, problem: .unreadable(reason: "larger than \(maxBytes >> 20) MiB (the most a config may hold)"))
                }
            } else if count == 0 {
                return content
            } else if errno != EINTR && errno != EAGAIN {
                throw failure(shown, errno: errno)
            }
        }
    }

    /// What a file that is not regular is, in words.
    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
    }

    /// The extension of the last component of `path`, with its dot (`".json"`), or `""`.
    /// Leading dots of the name do not start an extension, as in Python's `os.path.splitext`.
    static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        let body = name.drop { $0 == "." }
        guard let dot = body.lastIndex(of: ".") else { return "" }
        return String(body[dot...])
    }

    private static func failure(_ path: String, errno code: Int32) -> ConfigError {
        guard code != ENOENT, code != ENOTDIR else { return ConfigError(file: path, problem: .noSuchFile) }
        return ConfigError(file: path, problem: .unreadable(reason: String(cString: strerror(code))))
    }
}
