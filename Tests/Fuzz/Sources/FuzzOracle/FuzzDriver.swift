import CFuzzer

/// Runs libFuzzer with this process's arguments, calling `testOneInput` for each input.
///
/// SwiftPM renames an executable's `main`, so libFuzzer's own `main` cannot be used; the
/// targets' `main.swift` calls this instead.
public enum FuzzDriver {
    /// libFuzzer's exit status.
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
    }

    /// The input as an array.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }
}
