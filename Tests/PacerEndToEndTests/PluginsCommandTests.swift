import Foundation
import Testing

/// `pacer plugins list` and `pacer plugins check`, run as the built
/// executable on good and bad libraries.
@Suite struct PluginsCommandTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"
    private static let allPoints = "before_run,after_run,before_epoch,after_epoch,before_iter,after_iter,"
        + "before_train_epoch,after_train_epoch,before_val_epoch,after_val_epoch,before_train_iter,"
        + "after_train_iter,before_val_iter,after_val_iter"

    /// The whitespace-separated columns of each output line.
    private func rows(_ output: String) -> [[String]] {
        output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    @Test func listShowsTypeKindVersionABIFileAndPointsOfEveryPlugin() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")

        let result = try Fixtures.run(pacer, ["plugins", "list", "--plugin-dir", folder])

        #expect(result.status == 0, "\(result.output)")
        let table = rows(result.output)
        #expect(table.first == ["TYPE", "KIND", "VERSION", "ABI", "FILE", "POINTS"])
        #expect(table.contains(["TraceHook", "hook", "1.0.0", "1.1", folder + "/libtrace.so", Self.allPoints]))
        #expect(table.contains(["MLPClassifier", "model", "1.0.0", "1.1",
                                Fixtures.buildDirectory + "/libPacerMLP.so", "-"]))
        #expect(table.contains { $0.first == "EMAHook" && $0.last!.hasSuffix("save_state,load_state") })
    }

    @Test func listReportsEachBadLibraryOnOneLineExitsOneAndStillListsTheRest() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")
        try Fixtures.compile("trace_hook.c", to: folder + "/libfuture.so", defines: ["TRACE_ABI_MAJOR=2"])

        let result = try Fixtures.run(pacer, ["plugins", "list", "--plugin-dir", folder])

        #expect(result.status == 1)
        #expect(rows(result.output).contains { $0.first == "TraceHook" })
        let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors == ["error: \(folder)/libfuture.so: built for plugin ABI 2.1, this runner speaks 1.1; "
            + "rebuild the plugin against plugin-sdk 1.x"])
    }

    @Test func checkPrintsTheLibrarysPluginsAndExitsZeroForAGoodLibrary() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libtrace.so")

        let result = try Fixtures.run(pacer, ["plugins", "check", folder + "/libtrace.so"])

        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(folder)/libtrace.so: ok, ABI 1.1, 1 plugin")
        #expect(rows(result.output).last == ["TraceHook", "hook", "1.0.0", "1.1", folder + "/libtrace.so", Self.allPoints])
    }

    @Test func checkListsEveryProblemOfEveryDescriptorOnePerLineAndExitsOne() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder + "/libbad.so"
        try Fixtures.compile("bad_descriptors.c", to: file)

        let result = try Fixtures.run(pacer, ["plugins", "check", file])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").map(String.init) == [
            "\(file): invalid plugin descriptor: plugin 0: type_name 'bad name!' must be 1-64 ASCII letters, digits or '_'",
            "\(file): invalid plugin descriptor: plugin 0: create is NULL; create, destroy and vtable must not be NULL",
            "\(file): invalid plugin descriptor: plugin 1: BadKind: unknown kind 9 (1 = hook, 2 = model, 3 = optimizer, "
                + "4 = dataset, 5 = communication)",
            "\(file): invalid plugin descriptor: plugin 2: BadModel: train_step, val_step are NULL; "
                + "param_count, param_at, train_step and val_step must not be NULL",
            "\(file): plugin BadFeature sets required_features bits 0x10 that this runner (plugin ABI 1.1) "
                + "does not know; use a newer pacer or rebuild the plugin without them",
            "\(file): invalid plugin descriptor: plugin 4: BadPriority: default_priority 200 is outside 0...100",
        ])
    }

    @Test func checkNamesBothFilesWhenATypeNameIsAlreadyBundled() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder + "/libema.so"
        try Fixtures.compile("trace_hook.c", to: file, defines: ["TRACE_TYPE_NAME=\"EMAHook\""])

        let result = try Fixtures.run(pacer, ["plugins", "check", file])

        #expect(result.status == 1)
        #expect(result.output == "plugin type 'EMAHook' is defined twice: in "
            + "\(Fixtures.buildDirectory)/libPacerEMAHook.so and in \(file)\n")
    }

    @Test func checkOfALibraryWithoutTheEntryOrForAnotherMajorIsOneLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: folder + "/libnoentry.so", defines: ["TRACE_NO_ENTRY"])
        try Fixtures.compile("trace_hook.c", to: folder + "/libtwo.so", defines: ["TRACE_ABI_MAJOR=2"])

        let noEntry = try Fixtures.run(pacer, ["plugins", "check", folder + "/libnoentry.so"])
        let two = try Fixtures.run(pacer, ["plugins", "check", folder + "/libtwo.so"])

        #expect(noEntry.status == 1 && two.status == 1)
        #expect(noEntry.output == "\(folder)/libnoentry.so: not a Pacer plugin (no exported function pacer_plugin_entry)\n")
        #expect(two.output == "\(folder)/libtwo.so: built for plugin ABI 2.1, this runner speaks 1.1; "
            + "rebuild the plugin against plugin-sdk 1.x\n")
    }

    @Test func checkOfAMissingFileNamesItsAbsolutePath() throws {
        let folder = try Fixtures.temporaryDirectory()

        let result = try Fixtures.run(pacer, ["plugins", "check", "missing.so"], in: folder)

        #expect(result.status == 1)
        #expect(result.output == "\(try realFolder(folder))/missing.so: no such plugin file\n")
    }

    @Test func checkRefusesAGroupWritableLibraryWithoutOpeningItUnlessAllowed() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder + "/libtrace.so"
        try Fixtures.compile("trace_hook.c", to: file)
        chmod(file, 0o775)

        let refused = try Fixtures.run(pacer, ["plugins", "check", file])
        let allowed = try Fixtures.run(pacer, ["plugins", "check", file, "--allow-insecure-plugins"])

        #expect(refused.status == 1)
        #expect(refused.output == "\(file) is writable by group or others; refusing to load plugins from it "
            + "(chmod go-w it, or pass --allow-insecure-plugins)\n")
        #expect(allowed.status == 0, "\(allowed.output)")
    }

    /// `folder` with symlinks resolved (the temporary folder may be one).
    private func realFolder(_ folder: String) throws -> String {
        URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    }
}
