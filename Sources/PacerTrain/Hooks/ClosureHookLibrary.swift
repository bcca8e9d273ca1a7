#if canImport(Glibc)
import Glibc
#endif
import PacerPlugins

/// Opens the library a ClosureHook calls into, the plugin loader's way:
/// `RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE`, never closed.
///
/// `library` is a path with a slash: absolute, or relative to the folder of
/// the config file that names it (`./libfoo.so`, `lib/libfoo.so`; the
/// current directory for a config built in Swift). It follows the plugin
/// rules (`PathSecurity`): symlinks resolved, and refused when the file, a
/// folder above it, or a library it pulls in is owned by another user or
/// writable by group or others. A bare file name (`libm.so.6`), which the
/// dynamic linker would look up where Pacer cannot check, is refused too;
/// `--allow-insecure-plugins` lifts both rules (a bare name is then looked
/// up as for any program: the linker's cache, the system folders,
/// `LD_LIBRARY_PATH`).
enum ClosureHookLibrary {
    /// An opened library: its handle and the file it came from.
    struct Opened {
        let handle: UnsafeMutableRawPointer
        let path: String
    }

    /// Opens `library` as named in the config file `configFile`; throws the
    /// message for the config error.
    static func open(_ library: String, configFile: String, allowInsecure: Bool) throws(ClosureHookLibraryError) -> Opened {
        guard !library.isEmpty else { throw .failed("is empty; name a shared library") }
        if !library.contains("/") {
            guard allowInsecure else {
                throw .failed("names no folder; give the library's path (absolute, or relative to the config file) "
                    + "so it can be checked, or pass --allow-insecure-plugins")
            }
            guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
                throw .failed("cannot be loaded: \(lastError())")
            }
            return Opened(handle: handle, path: library)
        }
        let path: String
        do throws(PluginError) {
            path = try LibraryPath.resolve(library, relativeTo: folder(of: configFile), allowInsecure: allowInsecure)
        } catch {
            switch error {
            case .missingFile(let missing):
                throw .failed("names \(missing), which is not a file")
            case .insecurePath(let insecure):
                throw .failed("is refused: \(insecure) is writable by group or others "
                    + "(chmod go-w it, or pass --allow-insecure-plugins)")
            case .untrustedOwner, .insecureDependency:
                throw .failed("is refused: \(error)")
            default:
                throw .failed("cannot be loaded: \(error)")
            }
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw .failed("cannot be loaded: \(lastError())")
        }
        return Opened(handle: handle, path: path)
    }

    /// The address of the function `symbol` in `library`, or nil.
    static func function(_ symbol: String, in library: Opened) -> UnsafeMutableRawPointer? {
        dlsym(library.handle, symbol)
    }

    /// The file mapped at `address` in this process (from /proc/self/maps),
    /// to show which file a bare library name led to.
    static func file(containing address: UnsafeMutableRawPointer) -> String? {
        guard let maps = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(maps) }
        let target = UInt(bitPattern: address)
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            let text = String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let range = fields.first?.split(separator: "-") ?? []
            guard fields.count == 6, range.count == 2, let low = UInt(range[0], radix: 16),
                  let high = UInt(range[1], radix: 16), low <= target, target < high else { continue }
            return String(fields[5]).trimmingLeadingSpaces()
        }
        return nil
    }

    /// The folder of a config file, or nil (the current directory) for a
    /// config built in Swift (`<swift>`).
    private static func folder(of configFile: String) -> String? {
        guard !configFile.hasPrefix("<") else { return nil }
        guard let slash = configFile.lastIndex(of: "/") else { return "." }
        return slash == configFile.startIndex ? "/" : String(configFile[..<slash])
    }

    private static func lastError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
    }
}

/// A ClosureHook library that cannot be used; the message follows the
/// `library` key in a config error.
enum ClosureHookLibraryError: Error, CustomStringConvertible {
    /// What is wrong.
    case failed(String)

    var description: String {
        switch self {
        case .failed(let message): return message
        }
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
