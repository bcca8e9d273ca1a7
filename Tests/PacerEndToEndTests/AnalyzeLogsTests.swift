import Foundation
import PacerConfig
import Testing

/// MMDetection's and MMClassification's `tools/analysis_tools/analyze_logs.py`
/// read Pacer's `.log.json` unchanged, with no record dropped: the first line
/// is MMCV's metadata line (`env_info`, `config`, `seed`, `exp_name`), which
/// MMDetection's `load_json_logs` skips as line 0 without looking at it.
///
/// The script below restates their parsing rules (matplotlib is not needed
/// to check them): MMDetection's `load_json_logs` (skip line 0, skip lines
/// without `epoch`, group every other key by epoch), `cal_train_time` (per
/// epoch the `time` values after the first, which must form a rectangular
/// array), `plot_curve` for a train key (x = iter + (epoch - 1) * the
/// second-to-last `iter` of epoch 1, dropping each epoch's trailing val
/// record; y = the key's first len(x) values) and MMClassification's
/// `plot_phase_val` for a val metric (one point per epoch that has it).
@Suite struct AnalyzeLogsTests {
    /// Loads MMDetection 2.28.2's own `tools/analysis_tools/analyze_logs.py`
    /// (shipped in the mmdet wheel as `mmdet/.mim/tools/`, installed by
    /// .ci/install-deps without mmdet's dependencies; the script imports
    /// only matplotlib, numpy and seaborn) and runs it on the `.log.json` in
    /// argv[1]: `load_json_logs` must keep every record after the metadata
    /// line; `plot_curve --keys loss lr` must plot every train record's
    /// value at MMDetection's x (recorded from its `plt.plot` calls) and
    /// save a PNG to argv[2]; `cal_train_time` must print the mean of each
    /// epoch's `time` values after the first.
    static let mmdetectionScript = """
        import contextlib, importlib.util, io, json, os, sys
        import numpy as np
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        log_json, png = sys.argv[1], sys.argv[2]
        root = importlib.util.find_spec("mmdet").submodule_search_locations[0]
        path = os.path.join(root, ".mim", "tools", "analysis_tools", "analyze_logs.py")
        spec = importlib.util.spec_from_file_location("analyze_logs", path)
        tool = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tool)
        records = [json.loads(line) for line in open(log_json).read().splitlines()[1:]]

        (log_dict,) = tool.load_json_logs([log_json])
        assert sum(len(d["mode"]) for d in log_dict.values()) == len(records)

        plotted = {}
        original_plot = plt.plot
        def recording_plot(xs, ys, **kwargs):
            plotted[kwargs["label"].rsplit("_", 1)[1]] = ([int(x) for x in xs], [float(y) for y in ys])
            return original_plot(xs, ys, **kwargs)
        plt.plot = recording_plot
        sys.argv = ["analyze_logs.py", "plot_curve", log_json, "--keys", "loss", "lr", "--backend", "agg", "--out", png]
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            tool.main()
        assert printed.getvalue().endswith(f"save curve to: {png}\\n"), printed.getvalue()
        train = [r for r in records if r["mode"] == "train"]
        for key in ("loss", "lr"):
            assert plotted[key][1] == [r[key] for r in train], (key, plotted[key], train)
        assert open(png, "rb").read(8) == b"\\x89PNG\\r\\n\\x1a\\n"

        sys.argv = ["analyze_logs.py", "cal_train_time", log_json]
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            tool.main()
        times = {}
        for r in records:
            if "time" in r:
                times.setdefault(r["epoch"], []).append(r["time"])
        expected = np.mean([t[1:] for t in times.values()])
        assert f"average iter time: {expected:.4f} s/iter" in printed.getvalue(), (printed.getvalue(), expected)
        print(f"records {len(records)}, loss at {plotted['loss'][0]}, lr at {plotted['lr'][0]}")
        """

    static let parsingRules = """
        import json, sys
        from collections import defaultdict
        path, per_epoch = sys.argv[1], int(sys.argv[2])
        lines = open(path).read().splitlines()
        meta = json.loads(lines[0])
        assert sorted(meta) == ["config", "env_info", "exp_name", "seed"], sorted(meta)
        records = [json.loads(line) for line in lines[1:]]
        assert all("epoch" in r and "mode" in r for r in records)

        log_dict = {}
        for i, line in enumerate(lines):
            log = json.loads(line.strip())
            if i == 0 or "epoch" not in log:
                continue
            epoch = log.pop("epoch")
            log_dict.setdefault(epoch, defaultdict(list))
            for k, v in log.items():
                log_dict[epoch][k].append(v)
        loaded = sum(len(d["mode"]) for d in log_dict.values())
        assert loaded == len(records), (loaded, len(records))

        times = [d["time"][1:] for d in log_dict.values()]
        assert times and all(len(t) == len(times[0]) > 0 for t in times), times
        average = sum(sum(t) for t in times) / sum(len(t) for t in times)

        epochs = list(log_dict)
        num_iters_per_epoch = log_dict[epochs[0]]["iter"][-2]
        assert num_iters_per_epoch == per_epoch, num_iters_per_epoch
        xs, ys = [], []
        for epoch in epochs:
            iters = log_dict[epoch]["iter"]
            if log_dict[epoch]["mode"][-1] == "val":
                iters = iters[:-1]
            xs += [it + (epoch - 1) * num_iters_per_epoch for it in iters]
            ys += log_dict[epoch]["loss"][:len(iters)]
        assert len(xs) == len(ys) and xs == sorted(xs), (xs, ys)
        train_losses = [r["loss"] for r in records if r["mode"] == "train"]
        assert ys == train_losses, (ys, train_losses)

        val_epochs = [e for e in epochs if "accuracy" in log_dict[e]]
        val_accuracies = [log_dict[e]["accuracy"] for e in val_epochs]
        assert val_accuracies == [[r["accuracy"]] for r in records if r["mode"] == "val"]
        print(f"records {loaded}, train points {len(xs)} at {xs}, val epochs {val_epochs}, "
              f"average iter time {average:.4f}")
        """

    @Test func mmdetectionsAnalyzeLogsPlotsAndTimesEveryRecordOfTheLogJSON() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 3, loggers: [["type": "TextLoggerHook"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = ["interval": 1]
        let path = try Fixtures.writeConfig(config, in: folder, name: "fashion.json")
        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path])
        #expect(result.status == 0, "\(result.output)")

        let work = folder + "/work"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: work).first { $0.hasSuffix(".log.json") })
        let check = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.mmdetectionScript, work + "/" + name,
                                                      folder + "/curve.png"])
        #expect(check.status == 0, "\(check.output)")
        // 3 epochs of 8 iterations logged every 4 and an evaluation after each: 6 train records and 3 val
        // records; MMDetection's x for a train record is iter + (epoch - 1) * 8.
        // (The last line: a first matplotlib import may say it builds its font cache.)
        #expect(check.output.hasSuffix("\nrecords 9, loss at [4, 8, 12, 16, 20, 24], lr at [4, 8, 12, 16, 20, 24]\n")
                    || check.output == "records 9, loss at [4, 8, 12, 16, 20, 24], lr at [4, 8, 12, 16, 20, 24]\n",
                "\(check.output)")
    }

    @Test func analyzeLogsParsingRulesReadEveryRecordOfTheLogJSON() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 3, loggers: [["type": "TextLoggerHook"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = ["interval": 1]
        let path = try Fixtures.writeConfig(config, in: folder, name: "fashion.json")
        let result = try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", path])
        #expect(result.status == 0, "\(result.output)")

        let work = folder + "/work"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: work).first { $0.hasSuffix(".log.json") })
        let check = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.parsingRules, work + "/" + name, "8"])
        #expect(check.status == 0, "\(check.output)")
        // 3 epochs of 8 iterations logged every 4: 6 train records and 3 val records.
        #expect(check.output.hasPrefix("records 9, train points 6 at [4, 8, 12, 16, 20, 24], val epochs [1, 2, 3]"))

        let meta = try #require(try String(contentsOfFile: work + "/" + name, encoding: .utf8).split(separator: "\n").first)
        #expect(meta.contains("\"exp_name\": \"fashion.json\""))
        #expect(meta.contains("\"seed\": 0"))
        #expect(meta.contains("\"env_info\": \"sys.platform: linux\\nPacer: "))
        #expect(meta.contains("\"config\": \"model = dict(type='MLPClassifier', hidden=[32])\\n"))
    }
}
