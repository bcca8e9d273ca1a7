// @preconcurrency: Glibc's `stdout` is a C global variable, which Swift 6
// refuses to read without it. Only the runner thread writes through it here.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// The process's standard output, the same C stream Swift's `print` and the
/// host write to, so lines keep their order.
enum StandardOutput {
    /// Writes `line` and a newline, and flushes.
    static func write(line: String) {
        fputs(line + "\n", stdout)
        fflush(stdout)
    }
}
