#if canImport(Glibc)
import Glibc
#endif

/// The loader's rules for the files it will `dlopen`: a plugin runs with
/// the runner's rights, so anyone who can replace a plugin file, or write
/// into its folder, could run code as the user. The rules follow sudo's
/// plugin checks.
enum PathSecurity {
    /// The problem with loading plugins from `path` (a file or a folder,
    /// already absolute and free of symlinks), or nil when it is safe:
    /// it must not be writable by group or others.
    static func problem(_ path: String) -> PluginError? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & (S_IWGRP | S_IWOTH) != 0 ? .insecurePath(path) : nil
    }

    /// The problem with loading the library file `path` (absolute, symlinks
    /// resolved): the file itself, then the folder that really holds it, so
    /// a symlink in a safe folder cannot lead into an unsafe one.
    static func fileProblem(_ path: String) -> PluginError? {
        problem(path) ?? problem(folder(of: path))
    }

    /// `path` as an absolute, symlink-free path, or nil when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` made absolute against the current directory, without touching
    /// the file system beyond `getcwd` (for messages about missing paths).
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return relative == "." || relative.isEmpty ? cwd : (cwd == "/" ? "" : cwd) + "/" + relative
    }

    /// True when `path` is a regular file (after following symlinks).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// The folder part of an absolute path.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
