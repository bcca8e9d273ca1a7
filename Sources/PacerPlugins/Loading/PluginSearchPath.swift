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

    /// The search path every run and command uses: the bundled folder,
    /// `directories` (a config's `plugin_dirs`, then `--plugin-dir`), then
    /// the folders of `PACER_PLUGIN_PATH`.
    public static func standard(directories: [String], allowInsecure: Bool = false) -> PluginSearchPath {
        PluginSearchPath(directories: directories + environmentDirectories(), allowInsecure: allowInsecure)
    }

    /// Folders named by `PACER_PLUGIN_PATH`. Empty entries (`a::b`, a
    /// leading or trailing `:`) are skipped: unlike `PATH`, they never mean
    /// the current directory.
    static func environmentDirectories() -> [String] {
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
    /// Throws the first unreadable or insecure folder or file.
    func pluginFiles() throws(PluginError) -> [String] {
        var problems: [PluginError] = []
        let files = pluginFiles(problems: &problems)
        if let problem = problems.first { throw problem }
        return files
    }

    /// Every plugin file that passes the security rules, as above; each
    /// unreadable or insecure folder or file is appended to `problems` and
    /// skipped.
    func pluginFiles(problems: inout [PluginError]) -> [String] {
        var files: [String] = []
        if let bundled = bundledDirectory, let directory = PathSecurity.resolved(bundled) {
            if let problem = securityProblem(directory) {
                problems.append(problem)
            } else {
                files += listLibraries(in: directory, problems: &problems)
                    .filter { $0.hasPrefix(directory + "/libPacer") }
            }
        }
        for folder in directories {
            guard let directory = PathSecurity.resolved(folder) else {
                problems.append(.unreadableDirectory(PathSecurity.absolute(folder)))
                continue
            }
            if let problem = securityProblem(directory) {
                problems.append(problem)
                continue
            }
            files += listLibraries(in: directory, problems: &problems)
        }
        var seen = Set<String>()
        var unique: [String] = []
        for file in files where seen.insert(file).inserted {
            if let problem = allowInsecure ? nil : PathSecurity.fileProblem(file) {
                problems.append(problem)
            } else {
                unique.append(file)
            }
        }
        return unique
    }

    private func securityProblem(_ directory: String) -> PluginError? {
        allowInsecure ? nil : PathSecurity.problem(directory)
    }

    /// The regular `*.so` files of `directory`, sorted by name, with symlinks resolved.
    private func listLibraries(in directory: String, problems: inout [PluginError]) -> [String] {
        guard let stream = opendir(directory) else {
            problems.append(.unreadableDirectory(directory))
            return []
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasSuffix(".so") { names.append(name) }
        }
        return names.sorted().compactMap { PathSecurity.resolved(directory + "/" + $0) }
            .filter(PathSecurity.isRegularFile)
    }
}
