import Foundation
import PacerConfig
import PacerPlugins
import Testing

/// The versioning policy, with libraries built the way other SDK releases
/// or broken tools would build them (Fixtures/abi_variants.c): a newer
/// minor and larger structs load and run with the unknown tail ignored; an
/// unknown required feature bit and a nonsensical struct_size are refused
/// with one line naming the file, and never crash the host.
@Suite struct ABIPolicyTests {
    private func build(_ defines: [String], in folder: String) throws -> String {
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("abi_variants.c", to: plugins + "/libvariant.so", defines: defines)
        return plugins
    }

    private func catalog(_ plugins: String) throws -> PluginCatalog {
        try PluginCatalog(searchPath: PluginSearchPath(directories: [plugins]))
    }

    /// Trains one epoch of 8 iterations with VariantHook through `pacer train`.
    private func train(_ plugins: String, in folder: String) throws -> (status: Int32, output: String, trace: [String]) {
        let hooks: [ConfigValue] = [["type": "VariantHook", "trace_path": .string(folder + "/trace")]]
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1,
                                                                 customHooks: hooks), in: folder)
        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path, "--plugin-dir", plugins])
        let trace = (try? String(contentsOfFile: folder + "/trace", encoding: .utf8))?
            .split(separator: "\n").map(String.init) ?? []
        return (result.status, result.output, trace)
    }

    private static let expectedTrace = (0..<8).map { "after_train_iter \($0)" } + ["after_run 8"]

    @Test func aLibraryDeclaringANewerMinorLoadsAndRuns() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try build(["VARIANT_NEWER_MINOR"], in: folder)

        let plugin = try #require(try catalog(plugins).plugin(named: "VariantHook"))
        let run = try train(plugins, in: folder)

        #expect(plugin.abiVersion == (HostABI.major, HostABI.minor + 1))
        #expect(run.status == 0, "\(run.output)")
        #expect(run.trace == Self.expectedTrace)
    }

    @Test func largerStructsLoadAndRunWithTheirUnknownTailIgnored() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try build(["VARIANT_LARGER"], in: folder)

        let plugin = try #require(try catalog(plugins).plugin(named: "VariantHook"))
        let run = try train(plugins, in: folder)

        #expect(plugin.points == ["after_run", "after_train_iter"])
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("a host called a field it does not know"))
        #expect(run.trace == Self.expectedTrace)
    }

    @Test func anUnknownRequiredFeatureBitIsRefusedNamingThePluginTheFileAndTheBits() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try build(["VARIANT_FEATURES=0x8"], in: folder)
        let file = plugins + "/libvariant.so"

        #expect(throws: PluginError.unsupportedFeatures(path: file, type: "VariantHook", bits: 8)) {
            try catalog(plugins)
        }
        #expect("\(PluginError.unsupportedFeatures(path: file, type: "VariantHook", bits: 8))"
            == "\(file): plugin VariantHook sets required_features bits 0x8 that this runner (plugin ABI 1.1) "
            + "does not know; use a newer pacer or rebuild the plugin without them")
    }

    struct Garbage: Sendable, CustomTestStringConvertible {
        let define: String
        let reason: String
        var testDescription: String { define }
    }

    @Test(arguments: [
        Garbage(define: "VARIANT_LIBRARY_SIZE=0", reason: "struct_size 0 is not a 1.x pacer_library (40...65536 bytes)"),
        Garbage(define: "VARIANT_LIBRARY_SIZE=7", reason: "struct_size 7 is not a 1.x pacer_library (40...65536 bytes)"),
        Garbage(define: "VARIANT_LIBRARY_SIZE=0xFFFFFFFFu",
                reason: "struct_size 4294967295 is not a 1.x pacer_library (40...65536 bytes)"),
        Garbage(define: "VARIANT_DESC_SIZE=12",
                reason: "plugin 0: struct_size 12 is not a 1.x pacer_plugin_desc (64...65536 bytes)"),
        Garbage(define: "VARIANT_DESC_SIZE=0x80000000u",
                reason: "plugin 0: struct_size 2147483648 is not a 1.x pacer_plugin_desc (64...65536 bytes)"),
        Garbage(define: "VARIANT_VTABLE_SIZE=3", reason: "plugin 0: VariantHook: hook vtable struct_size 3 is not "
                + "a 1.x pacer_hook_vtable (136...65536 bytes)"),
        Garbage(define: "VARIANT_VTABLE_SIZE=100000", reason: "plugin 0: VariantHook: hook vtable struct_size 100000 "
                + "is not a 1.x pacer_hook_vtable (136...65536 bytes)"),
    ])
    func aNonsensicalStructSizeIsRefusedNamingTheFile(_ garbage: Garbage) throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try build([garbage.define], in: folder)

        #expect(throws: PluginError.badDescriptor(path: plugins + "/libvariant.so", reason: garbage.reason)) {
            try catalog(plugins)
        }
    }
}
