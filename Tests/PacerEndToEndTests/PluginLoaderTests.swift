import Foundation
import PacerConfig
import PacerPlugins
import PacerTrain
import Testing

/// Each way a plugin folder can be wrong is one error naming the file.
@Suite struct PluginLoaderTests {
    private func catalog(_ folder: String) throws -> PluginCatalog {
        try PluginCatalog(searchPath: PluginSearchPath(directories: [folder]))
    }

    @Test func bundledPluginsAreAlwaysFound() throws {
        let found = try PluginCatalog(searchPath: PluginSearchPath(directories: []))
        #expect(found.plugin(named: "MLPClassifier")?.kind == .model)
        #expect(found.plugin(named: "EMAHook")?.kind == .hook)
        #expect(found.plugin(named: "TextLoggerHook")?.kind == .hook)
    }

    @Test func aCompiledHookIsRegisteredByItsTypeName() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")
        let plugin = try #require(try catalog(folder).plugin(named: "TraceHook"))
        #expect(plugin.kind == .hook)
        #expect(plugin.path == folder + "/libtrace.so")
        #expect(plugin.stages.count == 14)
        #expect(plugin.defaultPriority == 50)
    }

    @Test func aLibraryWithoutTheEntrySymbolIsRefused() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libnoentry.so", defines: ["TRACE_NO_ENTRY"])
        #expect(throws: PluginError.missingEntry(path: folder + "/libnoentry.so")) { try catalog(folder) }
        #expect("\(PluginError.missingEntry(path: folder + "/libnoentry.so"))".contains("pacer_plugin_entry"))
    }

    @Test func aLibraryBuiltForAnotherABIMajorIsRefusedNamingBothVersions() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libfuture.so", defines: ["TRACE_ABI_MAJOR=2"])
        let error = PluginError.abiMismatch(path: folder + "/libfuture.so", major: 2, minor: 1)
        #expect(throws: error) { try catalog(folder) }
        #expect("\(error)" == "\(folder)/libfuture.so: built for plugin ABI 2.1, this runner speaks 1.1; "
            + "rebuild the plugin against plugin-sdk 1.x")
    }

    @Test func aDuplicateTypeNameNamesBothFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/liba.so")
        try Fixtures.compile("trace_hook.c", to: folder + "/libb.so")
        #expect(throws: PluginError.duplicateType(type: "TraceHook", first: folder + "/liba.so",
                                                  second: folder + "/libb.so")) { try catalog(folder) }
    }

    @Test func aPluginNamedLikeABundledOneIsADuplicate() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libema.so", defines: ["TRACE_TYPE_NAME=\"EMAHook\""])
        #expect(throws: PluginError.duplicateType(type: "EMAHook", first: Fixtures.buildDirectory + "/libPacerEMAHook.so",
                                                  second: folder + "/libema.so")) { try catalog(folder) }
    }

    @Test func aFileThatIsNotASharedLibraryIsRefusedNamingIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        try "not an ELF file".write(toFile: folder + "/libbogus.so", atomically: true, encoding: .utf8)
        #expect {
            try catalog(folder)
        } throws: { error in
            guard case PluginError.notLoadable(let path, _) = error else { return false }
            return path == folder + "/libbogus.so" && "\(error)".hasPrefix(path + ": not a loadable shared library")
        }
    }

    @Test func aMissingPluginFolderIsNamed() throws {
        #expect(throws: PluginError.unreadableDirectory("/nonexistent/plugins")) {
            try catalog("/nonexistent/plugins")
        }
    }

    @Test func aWorldWritablePluginFolderIsRefusedUnlessAllowed() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")
        chmod(folder, 0o777)
        #expect(throws: PluginError.insecurePath(folder)) { try catalog(folder) }
        let allowed = try PluginCatalog(searchPath: PluginSearchPath(directories: [folder], allowInsecure: true))
        #expect(allowed.plugin(named: "TraceHook") != nil)
    }

    @Test func anUnknownTypeInTheConfigListsTheKnownOnes() throws {
        let folder = try Fixtures.temporaryDirectory()
        let hooks: [ConfigValue] = [["type": "NoSuchHook"]]
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder, customHooks: hooks), in: folder)
        #expect {
            try TrainingSession(config: ConfigLoader.load(path: path))
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(path + ": custom_hooks.0: unknown hook type 'NoSuchHook' (known: ")
                && text.contains("EMAHook") && text.contains("TextLoggerHook") && !text.contains("\n")
        }
    }
}
