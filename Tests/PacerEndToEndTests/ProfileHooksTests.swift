import Foundation
import PacerConfig
import Testing

/// `pacer train --profile-hooks` ends with a table of the wall time each
/// hook took at each stage and the model's steps, slowest first.
@Suite struct ProfileHooksTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    @Test func theTableCountsEveryCallOfEveryHookAndStepSlowestFirst() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", customHooks: [["type": "EMAHook"]],
                                          loggers: [["type": "TextLoggerHook"]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let result = try Fixtures.run(pacer, ["train", path, "--profile-hooks"])
        #expect(result.status == 0, "\(result.output)")

        let lines = result.output.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Time per hook and model step (wall time ") })
        #expect(lines[header + 1].split(separator: " ", omittingEmptySubsequences: true)
            == ["HOOK", "STAGE", "CALLS", "TOTAL", "s", "MEAN", "ms", "SHARE"])
        let rows = lines[(header + 2)...].map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        func calls(_ name: String, _ stage: String) -> Int? {
            rows.first { $0.count == 6 && $0[0] == name && $0[1] == stage }.flatMap { Int($0[2]) }
        }
        // 2 epochs of 8 train iterations, each followed by a val epoch of 4 batches.
        #expect(calls("MLPClassifier", "train_step") == 16)
        #expect(calls("MLPClassifier", "val_step") == 8)
        #expect(calls("OptimizerHook", "after_train_iter") == 16)
        #expect(calls("EMAHook", "after_train_iter") == 16)
        #expect(calls("EMAHook", "before_train_epoch") == 2)
        #expect(calls("CheckpointHook", "after_train_epoch") == 2)
        #expect(calls("TextLoggerHook", "after_val_epoch") == 2)
        let totals = rows.compactMap { $0.count == 6 ? Double($0[3]) : nil }
        #expect(totals.count == rows.count && totals == totals.sorted(by: >))

        let plain = try Fixtures.run(pacer, ["train", path, "--work-dir", folder + "/plain"])
        #expect(plain.status == 0 && !plain.output.contains("Time per hook"))
    }
}
