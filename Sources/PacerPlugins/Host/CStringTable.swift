#if canImport(Glibc)
import Glibc
#endif

/// C copies of Swift strings handed to plugins, kept until the table dies so
/// a `const char *` returned to C stays valid. Repeated strings are shared.
final class CStringTable {
    private var strings: [String: UnsafeMutablePointer<CChar>] = [:]

    /// A stable C copy of `string`.
    func pointer(_ string: String) -> UnsafePointer<CChar> {
        if let existing = strings[string] { return UnsafePointer(existing) }
        let copy = strdup(string)!
        strings[string] = copy
        return UnsafePointer(copy)
    }

    deinit {
        for pointer in strings.values { free(pointer) }
    }
}
