import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// A plugin that returns an error status stops the run with one line
/// naming the plugin, the hook point and its message, and everything the
/// run wrote before stays intact.
@Suite struct PluginFailureTests {
    @Test func aFailingHookStopsTheRunWithOneLineAndKeepsWrittenFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("trace_hook.c", to: plugins + "/libtrace.so")
        let hooks: [ConfigValue] = [[
            "type": "TraceHook", "trace_path": .string(folder + "/trace"),
            "fail_at": "after_train_iter", "fail_iter": 10,
        ]]
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: hooks,
                                          loggers: [["type": "TextLoggerHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path, "--plugin-dir", plugins])

        #expect(result.status == 1)
        let lastLine = result.output.split(separator: "\n").last.map(String.init)
        #expect(lastLine == "error: hook TraceHook (\(plugins)/libtrace.so) failed in after_train_iter: injected failure")
        let work = folder + "/work"
        let checkpoint = try CheckpointFile.read(work + "/epoch_1.safetensors")
        #expect(checkpoint.epoch == 1 && checkpoint.iter == 8)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: work + "/latest.safetensors")
            == "epoch_1.safetensors")
        let logs = try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasSuffix(".log.json") }
        let log = try String(contentsOfFile: work + "/" + #require(logs.first), encoding: .utf8)
        #expect(log.hasSuffix("}\n"))
        #expect(log.contains("\"mode\": \"val\""))
    }
}
