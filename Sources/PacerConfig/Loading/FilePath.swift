#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Path arithmetic for config files, done on strings as Python's `os.path` does it.
enum FilePath {
    /// The folder part of `path`: `"configs/a"` for `"configs/a/x.py"`, `""` for `"x.py"`,
    /// `"/"` for `"/x.py"`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let folder = path[..<slash]
        return folder.isEmpty ? "/" : String(folder)
    }

    /// The last component of `path`: `"x.py"` for `"configs/x.py"`.
    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `relative` resolved against `folder`, as `os.path.join` does: an absolute `relative`
    /// stands alone, an empty `folder` leaves `relative` as it is.
    static func join(_ folder: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || folder.isEmpty { return relative }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// `path` with `.` and `name/..` steps and repeated slashes removed, as
    /// `os.path.normpath` does: `"configs/a/../_base_/x.py"` becomes `"configs/_base_/x.py"`.
    static func normalized(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", isAbsolute {
                continue  // `/..` is `/`
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path` made absolute against the current directory and normalized, as
    /// `os.path.abspath` does.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalized(path) }
        return normalized(join(currentDirectory(), path))
    }

    /// The file `path` names after following every symbolic link, or `nil` when it
    /// cannot be resolved (it does not exist, for one).
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func currentDirectory() -> String {
        guard let folder = getcwd(nil, 0) else { return "." }
        defer { free(folder) }
        return String(cString: folder)
    }
}
