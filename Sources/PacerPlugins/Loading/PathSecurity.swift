#if canImport(Glibc)
import Glibc
#endif

/// The loader's rules for the files it will `dlopen`, as `sudo` checks its
/// plugins and the dynamic loader its secure paths: a plugin runs with the
/// runner's rights, so anyone who can replace a plugin file, write into
/// its folder or any folder above it, or plant a library it pulls in,
/// could run code as the user.
enum PathSecurity {
    /// The problem with trusting `path` (a file or a folder, already
    /// absolute and free of symlinks), or nil when it is safe: it and every
    /// folder above it up to `/` must be owned by root or the current user
    /// and not writable by group or others. A folder above it may be
    /// writable when it is sticky (like `/tmp`): its child on the path is
    /// then owned by root or the current user (checked first), and no one
    /// else can rename or remove that child.
    static func problem(_ path: String) -> PluginError? {
        var current = path
        var isTarget = true
        while true {
            var info = stat()
            guard stat(current, &info) == 0 else { return nil }
            if info.st_uid != 0 && info.st_uid != geteuid() {
                return .untrustedOwner(path: current, owner: info.st_uid)
            }
            let writable = info.st_mode & (S_IWGRP | S_IWOTH) != 0
            let sticky = info.st_mode & S_IFMT == S_IFDIR && info.st_mode & S_ISVTX != 0
            if writable && (isTarget || !sticky) { return .insecurePath(current) }
            guard current != "/" else { return nil }
            current = folder(of: current)
            isTarget = false
        }
    }

    /// The problem with loading the library file `path` (absolute, symlinks
    /// resolved): the file and every folder above it, the folders of
    /// `LD_LIBRARY_PATH`, and every library it would pull in with the
    /// folders they are found through (`LibraryDependencies`), so neither a
    /// symlink nor a dependency can lead into an unsafe place.
    static func fileProblem(_ path: String) -> PluginError? {
        problem(path) ?? LibraryDependencies.problem(of: path)
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
