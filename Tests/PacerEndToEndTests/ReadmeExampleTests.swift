import Foundation
import PacerConfig
import PacerTrain
import Testing

/// The README's C plugin compiles with the command it shows and does what
/// it says, so the front door stays true.
@Suite struct ReadmeExampleTests {
    @Test func theReadmeCHookBuildsWithPlainCCAndRunsFromAPluginFolder() throws {
        let readme = try String(contentsOfFile: Fixtures.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```c\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/my-plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try String(readme[start.upperBound..<end.lowerBound])
            .write(toFile: folder + "/nan_guard.c", atomically: true, encoding: .utf8)
        let build = try Fixtures.run("/usr/bin/env", ["cc", "-shared", "-fPIC", "-I", Fixtures.sdkInclude,
                                                      folder + "/nan_guard.c", "-o", plugins + "/libnan_guard.so"])
        #expect(build.status == 0, "\(build.output)")

        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1,
                                          customHooks: [["type": "NanGuard"]])
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)),
                                          options: TrainOptions(pluginDirs: [plugins]))
        #expect(session.runner.hooks.all.contains { $0.hook.typeName == "NanGuard" && $0.priority.value == 70 })
        try session.run()

        config["optimizer"] = ["type": "SGD", "lr": 1e30]
        let diverging = try TrainingSession(
            config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder, name: "diverge.json")),
            options: TrainOptions(pluginDirs: [plugins]))
        #expect {
            try diverging.run()
        } throws: { error in
            "\(error)" == "hook NanGuard (\(plugins)/libnan_guard.so) failed in after_train_iter: "
                + "the loss is not finite; lower the learning rate"
        }
    }
}
