#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// C-string helpers shared by the kit.
enum CStrings {
    /// A copy of `text` in malloc'd memory that is never freed: for the
    /// descriptors and the library struct, which live as long as the process
    /// (plugin libraries are never unloaded).
    static func permanent(_ text: String) -> UnsafePointer<CChar> {
        guard let copy = strdup(text) else {
            fatalError("PacerPluginKit: out of memory copying \"\(text)\"")
        }
        return UnsafePointer(copy)
    }

    /// A Swift copy of a borrowed host string; `""` for NULL.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
