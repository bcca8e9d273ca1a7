#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File-system access for config files, with errors that name the file.
enum ConfigFile {
    /// The whole content of the file at `path`; errors name the file `name` (`path` by default).
    static func contents(of path: String, name: String? = nil) throws(ConfigError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(name ?? path, errno: errno) }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                content += chunk[..<count]
            } else if count == 0 {
                return content
            } else if errno != EINTR {
                throw failure(name ?? path, errno: errno)
            }
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
