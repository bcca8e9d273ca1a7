import Foundation
import PacerPlugins
import Testing

/// The loader's security rules, one test each: no plugin file or folder
/// writable by group or others (unless --allow-insecure-plugins), paths
/// resolved to absolute ones (also in messages), and the current directory
/// never searched unless named.
@Suite struct PluginSecurityTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    private func catalog(_ folder: String, allowInsecure: Bool = false) throws -> PluginCatalog {
        try PluginCatalog(searchPath: PluginSearchPath(directories: [folder], allowInsecure: allowInsecure))
    }

    @Test func aGroupWritableFileInASafeFolderIsRefusedUnlessAllowed() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")
        chmod(folder + "/libtrace.so", 0o664)

        #expect(throws: PluginError.insecurePath(folder + "/libtrace.so")) { try catalog(folder) }
        #expect(try catalog(folder, allowInsecure: true).plugin(named: "TraceHook") != nil)
    }

    @Test func aSymlinkIntoAWorldWritableFolderIsRefusedNamingThatFolder() throws {
        let folder = try Fixtures.temporaryDirectory()
        let safe = folder + "/safe", open = folder + "/open"
        try FileManager.default.createDirectory(atPath: safe, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: open + "/libtrace.so")
        chmod(open, 0o777)
        try FileManager.default.createSymbolicLink(atPath: safe + "/libtrace.so", withDestinationPath: open + "/libtrace.so")

        #expect(throws: PluginError.insecurePath(open)) { try catalog(safe) }
    }

    @Test func aRelativePluginDirIsNamedByItsAbsolutePathInMessages() throws {
        let folder = try Fixtures.temporaryDirectory()
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: folder + "/open", withIntermediateDirectories: true)
        chmod(folder + "/open", 0o777)

        let insecure = try Fixtures.run(pacer, ["plugins", "list", "--plugin-dir", "open"], in: folder)
        let missing = try Fixtures.run(pacer, ["plugins", "list", "--plugin-dir", "./missing"], in: folder)

        #expect(insecure.status == 1 && missing.status == 1)
        #expect(insecure.output.contains("\nerror: \(real)/open is writable by group or others; "))
        #expect(missing.output.contains("\nerror: plugin folder \(real)/missing does not exist or cannot be read\n"))
    }

    @Test func theCurrentDirectorysLibrariesAreLoadedOnlyWhenNamed() throws {
        let folder = try Fixtures.temporaryDirectory()
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")

        let unnamed = try Fixtures.run(pacer, ["plugins", "list"], in: folder)
        let emptyEntries = try Fixtures.run(pacer, ["plugins", "list"], in: folder,
                                            environment: ["PACER_PLUGIN_PATH": ":"])
        let named = try Fixtures.run(pacer, ["plugins", "list", "--plugin-dir", "."], in: folder)

        #expect(unnamed.status == 0 && emptyEntries.status == 0 && named.status == 0)
        #expect(!unnamed.output.contains("TraceHook"))
        #expect(!emptyEntries.output.contains("TraceHook"))
        #expect(named.output.contains(" \(real)/libtrace.so "))
    }
}
