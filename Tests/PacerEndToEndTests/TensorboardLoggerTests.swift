import Foundation
import PacerConfig
import PacerTrain
import Testing

/// The bundled C `TensorboardLoggerHook` writes event files that
/// TensorBoard's own reader (the Python `tensorboard` package's
/// `EventAccumulator`, which checks every record's masked CRC32C) reads
/// back, with MMCV's tags and steps and the values of the `.log.json` (which
/// rounds to 5 decimals, as MMCV's does).
@Suite struct TensorboardLoggerTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// Reads `<work>/tf_logs` with EventAccumulator and the `.log.json`, and
    /// expects one scalar per (tag, step) for every JSON record: MMCV's
    /// get_loggable_tags (`<mode>/<key>` without time and data_time,
    /// `learning_rate`, `momentum`) at step runner.iter + 1.
    static let compareScript = """
        import glob, json, sys
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
        work, per_epoch, momentum = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
        files = glob.glob(work + "/tf_logs/events.out.tfevents.*")
        assert len(files) == 1, files
        acc = EventAccumulator(files[0], size_guidance={"scalars": 0})
        acc.Reload()
        got = {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}
        expected = {}
        (log_json,) = glob.glob(work + "/*.log.json")
        for line in open(log_json):
            record = json.loads(line)
            if "mode" not in record:
                continue
            if record["mode"] == "train":
                step = (record["epoch"] - 1) * per_epoch + record["iter"]
            else:
                step = record["epoch"] * per_epoch + 1
            for key, value in record.items():
                if key in ("mode", "epoch", "iter", "lr", "time", "data_time", "memory"):
                    continue
                expected.setdefault(record["mode"] + "/" + key, []).append((step, value))
            expected.setdefault("learning_rate", []).append((step, record["lr"]))
            expected.setdefault("momentum", []).append((step, momentum))
        assert sorted(got) == sorted(expected), (sorted(got), sorted(expected))
        count = 0
        for tag, values in expected.items():
            assert len(got[tag]) == len(values), (tag, got[tag], values)
            for (step, value), (got_step, got_value) in zip(values, got[tag]):
                assert step == got_step, (tag, step, got_step)
                # The .log.json rounds to 5 decimals (MMCV's _round_float); events hold float32.
                assert abs(got_value - value) <= 5e-6 + 1e-6 * abs(value), (tag, step, value, got_value)
                count += 1
        print("equal", count, "scalars in", " ".join(sorted(got)))
        """

    @Test(arguments: [["TextLoggerHook", "TensorboardLoggerHook"], ["TensorboardLoggerHook", "TextLoggerHook"]])
    func eventAccumulatorReadsEveryScalarOfTheLogJSON(order: [String]) throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", loggers: order.map { ["type": .string($0)] })
        let result = try Fixtures.run(pacer, ["train", try Fixtures.writeConfig(config, in: folder)])
        #expect(result.status == 0, "\(result.output)")

        // 256 samples in batches of 32: 8 iterations an epoch; SGD momentum 0.9.
        let check = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.compareScript, folder + "/work", "8", "0.9"])
        #expect(check.status == 0, "\(check.output)")
        // Interval 4, 2 epochs: 4 train records (loss, learning_rate, momentum) and 2 val records (loss,
        // accuracy, learning_rate, momentum): 20 scalars.
        #expect(check.output.hasPrefix("equal 20 scalars in learning_rate momentum train/loss val/accuracy val/loss"))
    }

    @Test func logDirChoosesTheFolderOfTheEventFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1, loggers: [
            ["type": "TensorboardLoggerHook", "log_dir": .string(folder + "/board"), "interval": 2],
        ])
        let result = try Fixtures.run(pacer, ["train", try Fixtures.writeConfig(config, in: folder)])
        #expect(result.status == 0, "\(result.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/board")
        #expect(names.count == 1 && names[0].hasPrefix("events.out.tfevents."))
        #expect(!FileManager.default.fileExists(atPath: folder + "/work/tf_logs"))
    }

    @Test(arguments: ["MlflowLoggerHook", "WandbLoggerHook", "NeptuneLoggerHook", "DvcliveLoggerHook",
                      "SegmindLoggerHook", "ClearMLLoggerHook", "PaviLoggerHook"])
    func mmcvLoggersPacerLacksAreRefusedWithWhatToUseInstead(type: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Fixtures.smallConfig(workDir: folder + "/work", loggers: [
            ["type": "TextLoggerHook"], ["type": .string(type)],
        ])
        let path = try Fixtures.writeConfig(config, in: folder)
        let result = try Fixtures.run(pacer, ["train", path])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1, "\(result.output)")
        #expect(result.output.contains("\(path): 'log_config.hooks.1.type' is '\(type)', an MMCV logger Pacer "
                                       + "does not provide: "))
        #expect(result.output.contains("TensorboardLoggerHook"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/work"))
    }
}
