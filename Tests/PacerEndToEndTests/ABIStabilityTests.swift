import Foundation
import PacerConfig
import PacerTrain
import Testing

/// ABI 1.0 is frozen: a library built against a frozen copy of the 1.0
/// headers keeps loading and running, the headers stay warning-free in
/// every language a plugin may use, no 1.0 field moves, and a C plugin
/// exports exactly one symbol.
@Suite struct ABIStabilityTests {
    static let frozenInclude = Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/abi-1.0/include"
    static let fixtures = Fixtures.packageRoot + "/Tests/PacerEndToEndTests/Fixtures/"

    @Test func aLibraryBuiltAgainstTheFrozen10HeadersTrainsAndResumes() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("abi-1.0/abi10_plugin.c", to: plugins + "/libabi10.so",
                             flags: ["-O2", "-I", Self.frozenInclude, "-lm"])
        var config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: [[
            "type": "ABI10Hook", "trace_path": .string(folder + "/first.trace"),
            "every": 3, "scale": 0.5, "flag": true, "sizes": [10, 20],
        ]])
        config["model"] = ["type": "ABI10Linear"]
        let path = try Fixtures.writeConfig(config, in: folder)
        let pacer = Fixtures.buildDirectory + "/pacer"

        let first = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])

        #expect(first.status == 0, "\(first.output)")
        let trace = try String(contentsOfFile: folder + "/first.trace", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        func count(_ point: String) -> Int { trace.filter { $0[0] == point }.count }
        #expect(trace.first == ["before_run", "none", "0", "0", "0", "0.05", "-"])
        #expect(count("after_train_iter") == 16 && count("after_val_iter") == 8 && count("after_run") == 1)
        #expect(count("before_train_epoch") == 2 && count("after_val_epoch") == 2)
        let losses = trace.filter { $0[0] == "after_train_iter" }.map { Double($0[6])! }
        #expect(losses.suffix(8).reduce(0, +) < losses.prefix(8).reduce(0, +))
        let checkpoint = try CheckpointFile.read(folder + "/work/epoch_1.safetensors")
        #expect(checkpoint.state.get("fc.weight")?.shape == [10, 784])
        #expect(checkpoint.state.get("steps")?.bytes == withUnsafeBytes(of: Float(8)) { Array($0) })
        #expect(checkpoint.state.get("hooks.ABI10Hook.marker")?.shape == [3])

        config["custom_hooks"] = [[
            "type": "ABI10Hook", "trace_path": .string(folder + "/resumed.trace"),
            "every": 3, "scale": 0.5, "flag": true, "sizes": [10, 20],
        ]]
        let resumedConfig = try Fixtures.writeConfig(config, in: folder, name: "resume.json")
        let resumed = try Fixtures.run(pacer, ["train", resumedConfig, "--plugin-dir", plugins,
                                               "--resume-from", folder + "/work/epoch_1.safetensors"])

        #expect(resumed.status == 0, "\(resumed.output)")
        let resumedTrace = try String(contentsOfFile: folder + "/resumed.trace", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // Saved after before_run, before_train_epoch and 8 x 2 iteration calls.
        #expect(resumedTrace.first == "load_state keys=2 calls=18")
        let iterations = resumedTrace.filter { $0.hasPrefix("after_train_iter ") }.map { $0.split(separator: " ")[3] }
        #expect(iterations == (8...15).map { Substring(String($0)) })
    }

    struct Language: Sendable, CustomTestStringConvertible {
        let compiler: String
        let arguments: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        Language(compiler: "cc", arguments: ["-x", "c", "-std=c99"]),
        Language(compiler: "cc", arguments: ["-x", "c", "-std=c11"]),
        Language(compiler: "c++", arguments: ["-x", "c++", "-std=c++17"]),
    ])
    func theHeadersAndPACER_LIBRARYCompileWithoutAnyWarning(_ language: Language) throws {
        let result = try Fixtures.run("/usr/bin/env", [language.compiler] + language.arguments + [
            "-Wall", "-Wextra", "-pedantic", "-Werror", "-fsyntax-only", "-I", Fixtures.sdkInclude,
            Self.fixtures + "header_check.c",
        ])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: ["current", "frozen"])
    func every10FieldIsWhereTheFrozenLayoutSays(_ headers: String) throws {
        let include = headers == "current" ? Fixtures.sdkInclude : Self.frozenInclude
        let result = try Fixtures.run("/usr/bin/env", [
            "cc", "-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-fsyntax-only", "-I", include,
            Self.fixtures + "abi-1.0/layout.c",
        ])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func theLayoutCheckFailsWhenA10FieldMoves() throws {
        let folder = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Fixtures.sdkInclude, toPath: folder + "/include")
        let hook = folder + "/include/pacer/hook.h"
        let text = try String(contentsOfFile: hook, encoding: .utf8)
        try text.replacingOccurrences(of: "  pacer_hook_fn after_run;\n", with: "  pacer_hook_fn inserted;\n  pacer_hook_fn after_run;\n")
            .write(toFile: hook, atomically: true, encoding: .utf8)

        let result = try Fixtures.run("/usr/bin/env", [
            "cc", "-std=c11", "-fsyntax-only", "-I", folder + "/include", Self.fixtures + "abi-1.0/layout.c",
        ])

        #expect(result.status != 0)
        #expect(result.output.contains("pacer_hook_vtable.after_run moved: ABI 1.0 puts it at 16"))
    }

    @Test func aCxxPluginIncludingOnlyPluginHExportsTheEntryWithCLinkage() throws {
        let folder = try Fixtures.temporaryDirectory()
        let build = try Fixtures.run("/usr/bin/env", [
            "c++", "-std=c++17", "-shared", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror",
            "-I", Fixtures.sdkInclude, Self.fixtures + "plugin_header_only.cpp", "-o", folder + "/libcxx.so",
        ])
        #expect(build.status == 0, "\(build.output)")

        let result = try Fixtures.run("/usr/bin/env", ["nm", "-D", "--defined-only", folder + "/libcxx.so"])

        let symbols = result.output.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(symbols == ["pacer_plugin_entry"])
    }

    @Test func aCPluginBuiltWithHiddenVisibilityExportsOnlyTheEntry() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so",
                             flags: ["-fvisibility=hidden", "-I", Fixtures.sdkInclude])

        let result = try Fixtures.run("/usr/bin/env", ["nm", "-D", "--defined-only", folder + "/libtrace.so"])

        #expect(result.status == 0)
        let symbols = result.output.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(symbols == ["pacer_plugin_entry"])
    }
}
