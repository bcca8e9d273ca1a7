import Foundation
import PacerConfig
import Testing

/// `pacer plot`: the curves of several runs' `.log.json` overlaid in one
/// self-contained SVG, like `analyze_logs.py plot_curve`.
@Suite struct PlotCommandTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"

    /// Trains 2 epochs with the text logger and the evaluation hook into `folder/name`.
    private func train(_ folder: String, _ name: String, lr: Double) throws -> String {
        var config = Fixtures.smallConfig(workDir: folder + "/" + name, loggers: [["type": "TextLoggerHook"]])
        config["workflow"] = .list([.tuple(["train", 1])])
        config["evaluation"] = ["interval": 1]
        config["optimizer"] = ["type": "SGD", "lr": .double(lr), "momentum": 0.9]
        let result = try Fixtures.run(pacer, ["train", try Fixtures.writeConfig(config, in: folder, name: name + ".json")])
        #expect(result.status == 0, "\(result.output)")
        return folder + "/" + name
    }

    /// Every `<path class="curve">` of the SVG as (run, key, points), read
    /// by Python's XML parser, which refuses a malformed document.
    static let readCurves = """
        import sys, xml.etree.ElementTree as ET
        root = ET.parse(sys.argv[1]).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
        for p in root.iter("{http://www.w3.org/2000/svg}path"):
            if p.get("class") == "curve":
                print(p.get("data-run"), p.get("data-key"), p.get("d").count("M") + p.get("d").count("L"))
        """

    @Test func twoRunsAndThreeKeysAreSixCurvesInAValidSVG() throws {
        let folder = try Fixtures.temporaryDirectory()
        let first = try train(folder, "fast", lr: 0.1)
        let second = try train(folder, "slow", lr: 0.01)
        let json = try #require(try FileManager.default.contentsOfDirectory(atPath: second).first { $0.hasSuffix(".log.json") })
        let out = folder + "/curves.svg"
        // A work dir and a .log.json are both accepted.
        let result = try Fixtures.run(pacer, ["plot", first, second + "/" + json, "--keys", "loss", "accuracy", "lr",
                                              "--out", out])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "save curve to: \(out)\n")

        let curves = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.readCurves, out])
        #expect(curves.status == 0, "\(curves.output)")
        // 2 epochs of 8 iterations logged every 4: 4 train points of loss and lr; 2 evaluations of accuracy.
        #expect(curves.output.split(separator: "\n").sorted() == [
            "fast accuracy 2", "fast loss 4", "fast lr 4", "slow accuracy 2", "slow loss 4", "slow lr 4",
        ])
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!svg.contains("href") && !svg.contains("<script"))
    }

    @Test func aKeyNoRecordHasIsOneLineNamingTheFileAndTheKeysThereAre() throws {
        let folder = try Fixtures.temporaryDirectory()
        let work = try train(folder, "run", lr: 0.1)
        let result = try Fixtures.run(pacer, ["plot", work, "--keys", "bbox_mAP", "--out", folder + "/x.svg"])
        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").count == 1)
        #expect(result.output.hasPrefix("error: \(work)/"))
        #expect(result.output.contains(".log.json: no record has 'bbox_mAP' (keys: accuracy, data_time, loss, lr, time)"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.svg"))
    }
}
