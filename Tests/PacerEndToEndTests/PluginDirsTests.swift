import Foundation
import PacerConfig
import Testing

/// `plugin_dirs` in a config, as `_base_` paths are: relative to the
/// config file's folder, whatever the current directory is.
@Suite struct PluginDirsTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    @Test func aRelativePluginDirIsFoundBesideTheConfigNotInTheCurrentDirectory() throws {
        let folder = try Fixtures.temporaryDirectory()
        let project = folder + "/project", elsewhere = folder + "/elsewhere"
        for path in [project + "/plugins", elsewhere + "/plugins"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try Fixtures.compile("trace_hook.c", to: project + "/plugins/libtrace.so")
        var config = Fixtures.smallConfig(
            workDir: folder + "/work", customHooks: [["type": "TraceHook", "trace_path": .string(folder + "/trace")]])
        config["plugin_dirs"] = ["plugins"]
        let path = try Fixtures.writeConfig(config, in: project)

        let result = try Fixtures.run(pacer, ["hooks", path], in: elsewhere)

        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("TraceHook") && result.output.contains(project + "/plugins/libtrace.so"))
    }

    @Test func aRelativePluginDirThatDoesNotExistBesideTheConfigIsOneLineNamingIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["plugin_dirs"] = ["no-such-plugins"]
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["hooks", path], in: "/")

        #expect(result.status == 1)
        #expect(result.output.hasPrefix("error: ") && result.output.contains(folder + "/no-such-plugins"))
        #expect(result.output.split(separator: "\n").count == 1)
    }
}
