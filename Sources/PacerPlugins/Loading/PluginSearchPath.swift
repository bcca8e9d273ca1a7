#if canImport(Glibc)
import Glibc
#endif

/// Where plugins are looked for: the bundled folder (beside the `pacer`
/// executable, holding `libPacer*.so`), then the folders of the config's
/// `plugin_dirs`, the command line's `--plugin-dir`, and the environment's
/// `PACER_PLUGIN_PATH` (colon-separated). The current directory is never
/// searched implicitly; relative folders are resolved against it only
/// when named.
public struct PluginSearchPath: Sendable {
    /// The folder holding the bundled plugins, or nil.
    public var bundledDirectory: String?
    /// User plugin folders, in the order given.
    public var directories: [String]
    /// Load plugins even from files or folders writable by group or others.
    public var allowInsecure: Bool

    /// A search path over `directories` plus the bundled folder.
    public init(directories: [String], bundledDirectory: String? = PluginSearchPath.executableDirectory(),
                allowInsecure: Bool = false) {
        self.directories = directories
        self.bundledDirectory = bundledDirectory
        self.allowInsecure = allowInsecure
    }

    /// Folders named by `PACER_PLUGIN_PATH`.
    public static func environmentDirectories() -> [String] {
        guard let value = getenv("PACER_PLUGIN_PATH") else { return [] }
        return String(cString: value).split(separator: ":").map(String.init)
    }

    /// The folder of the running executable (where SwiftPM puts the
    /// bundled plugin libraries beside `pacer`).
    public static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
        guard length > 0 else { return nil }
        let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    /// Every plugin file to load, absolute and without repeats: bundled
    /// `libPacer*.so` first, then every `*.so` of each user folder, sorted.
    func pluginFiles() throws(PluginError) -> [String] {
        var files: [String] = []
        if let bundled = bundledDirectory, let directory = absolute(bundled) {
            files += try listLibraries(in: directory).filter { $0.hasPrefix(directory + "/libPacer") }
        }
        for folder in directories {
            guard let directory = absolute(folder) else { throw .unreadableDirectory(folder) }
            try checkSecure(directory)
            files += try listLibraries(in: directory)
        }
        var seen = Set<String>()
        var unique: [String] = []
        for file in files where seen.insert(file).inserted {
            try checkSecure(file)
            unique.append(file)
        }
        return unique
    }

    private func absolute(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func listLibraries(in directory: String) throws(PluginError) -> [String] {
        guard let stream = opendir(directory) else { throw .unreadableDirectory(directory) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasSuffix(".so") { names.append(name) }
        }
        return names.sorted().compactMap { absolute(directory + "/" + $0) }
    }

    private func checkSecure(_ path: String) throws(PluginError) {
        guard !allowInsecure else { return }
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 { throw .insecurePath(path) }
    }
}
