import Foundation
import PacerConfig
@testable import PacerPlugins
import PacerTrain
import Testing

/// Plugin trust as `sudo` and the dynamic loader treat it, one test per
/// way in: a plugin file, its folder and every folder above it must be
/// owned by root or the current user and not writable by group or others
/// (a sticky folder such as /tmp is fine above a child of ours); the same
/// holds for every library the plugin pulls in and the RUNPATH and
/// `LD_LIBRARY_PATH` folders they are found through, and for ClosureHook
/// libraries. Each refusal is one line naming the path and the reason, and
/// `--allow-insecure-plugins` lifts them. The tests run as root: another
/// user is a numeric uid given with chown.
@Suite struct PluginTrustTests {
    static let stranger: uid_t = 4242
    static let pacer = Fixtures.buildDirectory + "/pacer"

    private func catalog(_ folder: String, allowInsecure: Bool = false) throws -> PluginCatalog {
        try PluginCatalog(searchPath: PluginSearchPath(directories: [folder], allowInsecure: allowInsecure))
    }

    /// A folder under the temporary folder with its own tree, made with
    /// `mode` (and owned by root, as the tests run).
    private func folder(_ path: String, mode: mode_t = 0o755) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, mode)
        return path
    }

    @Test func aPluginOwnedByAnotherUserInThatUsersFolderIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let home = try folder(root + "/home")
        try Fixtures.compile("trace_hook.c", to: home + "/libtrace.so")
        chown(home + "/libtrace.so", Self.stranger, Self.stranger)
        chown(home, Self.stranger, Self.stranger)

        #expect(throws: PluginError.untrustedOwner(path: home, owner: Self.stranger)) { try catalog(home) }
        #expect(try catalog(home, allowInsecure: true).plugin(named: "TraceHook") != nil)
    }

    @Test func aPluginOwnedByAnotherUserInOurFolderIsRefused() throws {
        let plugins = try Fixtures.temporaryDirectory()
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        chown(plugins + "/libtrace.so", Self.stranger, Self.stranger)

        let refused = try Fixtures.run(Self.pacer, ["plugins", "list", "--plugin-dir", plugins])
        #expect(refused.status == 1)
        #expect(refused.output.hasSuffix("\nerror: \(plugins)/libtrace.so is owned by uid 4242, neither root nor you (uid 0); "
            + "refusing to load plugins from it (chown it, or pass --allow-insecure-plugins)\n"), "\(refused.output)")
        #expect(try catalog(plugins, allowInsecure: true).plugin(named: "TraceHook") != nil)
    }

    @Test func aFolderOfAnotherUserAboveAnOwnPluginIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let home = try folder(root + "/home")
        let plugins = try folder(home + "/plugins")
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        chown(home, Self.stranger, Self.stranger)

        #expect(throws: PluginError.untrustedOwner(path: home, owner: Self.stranger)) { try catalog(plugins) }
    }

    @Test func aPluginFolderInsideAWorldWritableParentIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let open = try folder(root + "/open", mode: 0o777)
        let plugins = try folder(open + "/plugins")
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")

        #expect(throws: PluginError.insecurePath(open)) { try catalog(plugins) }
        #expect(try catalog(plugins, allowInsecure: true).plugin(named: "TraceHook") != nil)
    }

    @Test func aStickyParentIsFineAboveAChildOfOurs() throws {
        let root = try Fixtures.temporaryDirectory()
        let shared = try folder(root + "/shared", mode: 0o1777)
        let plugins = try folder(shared + "/plugins")
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")

        #expect(try catalog(plugins).plugin(named: "TraceHook") != nil)
    }

    @Test func aStickyParentAboveAnotherUsersChildIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let shared = try folder(root + "/shared", mode: 0o1777)
        let theirs = try folder(shared + "/theirs")
        try Fixtures.compile("trace_hook.c", to: theirs + "/libtrace.so")
        chown(theirs, Self.stranger, Self.stranger)

        #expect(throws: PluginError.untrustedOwner(path: theirs, owner: Self.stranger)) { try catalog(theirs) }
    }

    @Test func aDependencyFoundThroughARunpathInAWorldWritableFolderIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let plugins = try folder(root + "/plugins")
        let open = try folder(root + "/open", mode: 0o777)
        try Fixtures.compile("trust_dependency.c", to: open + "/libtrustdep.so")
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so",
                             extra: ["-Wl,--no-as-needed", "-L", open, "-ltrustdep", "-Wl,--enable-new-dtags,-rpath," + open])

        let error = PluginError.insecureDependency(library: plugins + "/libtrace.so",
                                                   via: "\(plugins)/libtrace.so has RUNPATH entry \(open)",
                                                   problem: .insecurePath(open))
        #expect(throws: error) { try catalog(plugins) }
        #expect(error.description == "\(plugins)/libtrace.so: refusing to load it: \(plugins)/libtrace.so has RUNPATH entry "
            + "\(open): \(open) is writable by group or others (fix that, or pass --allow-insecure-plugins)")
        #expect(try catalog(plugins, allowInsecure: true).plugin(named: "TraceHook") != nil)
    }

    @Test func aDependencyOwnedByAnotherUserInASafeRunpathFolderIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let plugins = try folder(root + "/plugins")
        let libs = try folder(root + "/libs")
        try Fixtures.compile("trust_dependency.c", to: libs + "/libtrustdep.so")
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so",
                             extra: ["-Wl,--no-as-needed", "-L", libs, "-ltrustdep", "-Wl,--enable-new-dtags,-rpath," + libs])
        #expect(try catalog(plugins).plugin(named: "TraceHook") != nil, "a safe dependency loads")
        chown(libs + "/libtrustdep.so", Self.stranger, Self.stranger)

        #expect(throws: PluginError.insecureDependency(
            library: plugins + "/libtrace.so", via: "\(plugins)/libtrace.so needs libtrustdep.so, found at \(libs)/libtrustdep.so",
            problem: .untrustedOwner(path: libs + "/libtrustdep.so", owner: Self.stranger))) { try catalog(plugins) }
    }

    @Test func aDependencyFoundThroughLDLibraryPathInAWorldWritableFolderIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let plugins = try folder(root + "/plugins")
        let open = try folder(root + "/open", mode: 0o777)
        try Fixtures.compile("trust_dependency.c", to: open + "/libtrustdep.so")
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so",
                             extra: ["-Wl,--no-as-needed", "-L", open, "-ltrustdep"])

        let refused = try Fixtures.run(Self.pacer, ["plugins", "check", plugins + "/libtrace.so"],
                                       environment: ["LD_LIBRARY_PATH": open])
        #expect(refused.status == 1)
        #expect(refused.output == "\(plugins)/libtrace.so: refusing to load it: LD_LIBRARY_PATH entry \(open): \(open) is "
            + "writable by group or others (fix that, or pass --allow-insecure-plugins)\n")
        let allowed = try Fixtures.run(Self.pacer, ["plugins", "check", plugins + "/libtrace.so", "--allow-insecure-plugins"],
                                       environment: ["LD_LIBRARY_PATH": open])
        #expect(allowed.status == 0, "\(allowed.output)")
    }

    @Test func aClosureHookLibraryOwnedByAnotherUserIsRefused() throws {
        let probe = try ClosureProbe()
        chown(probe.library, Self.stranger, Self.stranger)
        let hook = probe.hook("probe_nothing", at: "after_run", args: [])
        do {
            _ = try probe.session(hooks: [hook])
            Issue.record("the session was built")
        } catch {
            #expect("\(error)" == "\(probe.folder)/config.json: 'custom_hooks.0.library' is refused: \(probe.library) is owned "
                + "by uid 4242, neither root nor you (uid 0); refusing to load plugins from it (chown it, or pass "
                + "--allow-insecure-plugins)")
        }
        #expect(try probe.session(hooks: [hook], options: TrainOptions(allowInsecurePlugins: true)).runner.hooks.all
            .contains { $0.hook is ClosureHook })
    }

    @Test func theDynamicSectionIsReadAsTheLoaderSeesItAndDamageNeverTraps() throws {
        let root = try Fixtures.temporaryDirectory()
        let libs = try folder(root + "/libs")
        try Fixtures.compile("trust_dependency.c", to: libs + "/libtrustdep.so")
        try Fixtures.compile("trace_hook.c", to: root + "/libtrace.so",
                             extra: ["-Wl,--no-as-needed", "-L", libs, "-ltrustdep", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/libs"])
        let expected = try #require(LibraryDependencies.dynamicSection(of: root + "/libtrace.so"))
        #expect(expected.needed.contains("libtrustdep.so") && expected.needed.contains("libc.so.6"))
        #expect(expected.runpath == ["$ORIGIN/libs"] && expected.rpath == [] && expected.complete)

        // Every byte of the headers and the first 16 KB changed in turn, and every truncation on a
        // 64-byte boundary: each gives some answer, never a trap or a read outside the image.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/libtrace.so")))
        func section(of image: [UInt8]) -> LibraryDependencies.DynamicSection? {
            LibraryDependencies.dynamicSection { offset, count in
                offset >= 0 && offset <= image.count ? Array(image[offset..<min(image.count, offset + count)]) : nil
            }
        }
        #expect(section(of: bytes) == expected)
        var answered = 0
        for index in 0..<min(bytes.count, 16_384) {
            var damaged = bytes
            damaged[index] &+= 0x41
            if section(of: damaged) != nil { answered += 1 }
        }
        for length in stride(from: 0, to: bytes.count, by: 64) where section(of: Array(bytes[..<length])) != nil {
            answered += 1
        }
        #expect(answered > 0)
    }
}
