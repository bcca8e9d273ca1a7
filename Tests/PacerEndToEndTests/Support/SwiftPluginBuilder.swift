import Foundation

/// Builds Swift plugins out of tree, the way a plugin author without this
/// package would: `swiftc` against plugin-sdk alone (its C headers and the
/// PacerPluginKit sources, compiled once per test process into a static
/// library).
enum SwiftPluginBuilder {
    /// The folder holding libPacerPluginKit.a and its module, or the error
    /// that stopped building them.
    private static let kit: Result<String, FixtureError> = {
        do {
            let folder = try Fixtures.temporaryDirectory("kit")
            let sources = try FileManager.default.contentsOfDirectory(atPath: Fixtures.packageRoot + "/plugin-sdk/swift")
                .filter { $0.hasSuffix(".swift") }.map { Fixtures.packageRoot + "/plugin-sdk/swift/" + $0 }
            let result = try Fixtures.run("/usr/bin/env", [
                "swiftc", "-parse-as-library", "-emit-library", "-static", "-module-name", "PacerPluginKit",
                "-emit-module", "-emit-module-path", folder + "/PacerPluginKit.swiftmodule",
                "-I", Fixtures.sdkInclude, "-o", folder + "/libPacerPluginKit.a",
            ] + sources)
            guard result.status == 0 else { return .failure(.compileFailed(result.output)) }
            return .success(folder)
        } catch {
            return .failure(.compileFailed("\(error)"))
        }
    }()

    /// Compiles fixture `source` (in Fixtures/) into the plugin library `output`.
    static func build(_ source: String, to output: String) throws {
        let kitFolder = try kit.get()
        let result = try Fixtures.run("/usr/bin/env", [
            "swiftc", "-parse-as-library", "-emit-library", "-module-name", "Fixture",
            "-I", Fixtures.sdkInclude, "-I", kitFolder, "-L", kitFolder, "-lPacerPluginKit",
            Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/" + source, "-o", output,
        ])
        guard result.status == 0 else { throw FixtureError.compileFailed(result.output) }
    }
}
