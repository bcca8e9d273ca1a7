import Foundation

/// The benchmark's C plugins, compiled with plain `cc -O2` into a fresh
/// private folder: ten no-op hook libraries (one type name each) and one
/// no-op model library.
enum BenchFixtures {
    /// The package root, found from this source file's place (bench/Sources/pacer-bench/).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Type names of the no-op hooks, `NoopHook0` ... `NoopHook<count-1>`.
    static func hookTypes(_ count: Int) -> [String] { (0..<count).map { "NoopHook\($0)" } }

    /// Compiles the fixtures into a new folder (mode 0700, as the plugin
    /// loader's security rules want) and returns its path.
    static func build(hooks: Int) throws -> String {
        var template = Array((NSTemporaryDirectory() + "pacer-bench-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError.setup("mkdtemp failed") }
        let folder = String(cString: made)
        let fixtures = packageRoot + "/bench/Fixtures/"
        for type in hookTypes(hooks) {
            try compile(fixtures + "noop_hook.c", to: folder + "/lib\(type).so", defines: ["NOOP_TYPE_NAME=\"\(type)\""])
        }
        try compile(fixtures + "noop_model.c", to: folder + "/libNoopModel.so", defines: [])
        return folder
    }

    private static func compile(_ source: String, to output: String, defines: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-O2", "-shared", "-fPIC", "-I", packageRoot + "/plugin-sdk/include"]
            + defines.map { "-D" + $0 } + [source, "-o", output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.setup("cc failed on \(source)") }
    }
}

/// A benchmark that could not be set up.
enum BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    case setup(String)

    var description: String {
        switch self {
        case .setup(let message): return message
        }
    }
}
