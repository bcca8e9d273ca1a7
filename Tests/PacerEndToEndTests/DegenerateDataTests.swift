import Foundation
import PacerConfig
import Testing

/// A split with no samples, a batch larger than its split, and
/// `num_samples` beyond the file are each one line naming the file or key,
/// under either runner and from `pacer test`: never a crash, never a
/// silent empty result.
@Suite struct DegenerateDataTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Edits the data section of a small config.
        let edit: @Sendable (inout ConfigDict, String) -> Void
        /// The error line, with `ROOT` for the empty split's folder and `CONFIG` for the config's path.
        let error: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "a zero-sample IDX split", edit: { data, root in
            data["train"] = ["type": "FashionMNIST", "test_mode": true, "data_prefix": .string(root)]
            data["val"] = data["train"]
        }, error: "error: CONFIG: data.train: ROOT/t10k-images-idx3-ubyte.gz: holds no samples; a split needs at least one"),
        Case(name: "a batch larger than the split", edit: { data, _ in
            data["samples_per_gpu"] = 100
            data["train"] = ["type": "FashionMNIST", "test_mode": true, "num_samples": 64]
            data["val"] = data["train"]
        }, error: "error: CONFIG: 'data.samples_per_gpu' is 100 but data.train holds 64 sample(s); lower it or raise num_samples"),
        Case(name: "num_samples larger than the file", edit: { data, _ in
            data["train"] = ["type": "FashionMNIST", "test_mode": true, "num_samples": 10_001]
            data["val"] = data["train"]
        }, error: "error: CONFIG: data.train: num_samples is 10001 but /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz "
            + "holds 10000 samples"),
    ]

    @Test(arguments: cases, ["EpochBasedRunner", "IterBasedRunner", "pacer test"])
    func isOneLine(_ degenerate: Case, _ command: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        let root = folder + "/empty"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // Valid IDX files (gzip-compressed) declaring zero samples.
        try Self.gzip([0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28], to: root + "/t10k-images-idx3-ubyte.gz")
        try Self.gzip([0, 0, 8, 1, 0, 0, 0, 0], to: root + "/t10k-labels-idx1-ubyte.gz")

        var config = Fixtures.smallConfig(workDir: folder + "/work")
        guard case .dict(var data)? = config["data"] else { return }
        degenerate.edit(&data, root)
        config["data"] = .dict(data)
        if command == "IterBasedRunner" { config["runner"] = ["type": "IterBasedRunner", "max_iters": 4] }
        let path = try Fixtures.writeConfig(config, in: folder)
        var arguments = ["train", path]
        if command == "pacer test" {
            // A real checkpoint of the same model, from a run on ordinary data.
            let valid = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/valid", trainSamples: 64, maxEpochs: 1),
                                                 in: folder, name: "valid.json")
            #expect(try Fixtures.run(Fixtures.buildDirectory + "/pacer", ["train", valid]).status == 0)
            arguments = ["test", path, folder + "/valid/epoch_1.safetensors"]
        }
        let run = try Fixtures.run(Fixtures.buildDirectory + "/pacer", arguments)
        #expect(run.status == 1, "\(run.output)")
        let errors = run.output.split(separator: "\n").compactMap { line in line.range(of: "error: ").map { String(line[$0.lowerBound...]) } }
        let expected = degenerate.error.replacingOccurrences(of: "ROOT", with: root).replacingOccurrences(of: "CONFIG", with: path)
        // pacer test reads data.val (there is no data.test); training reads data.train first.
        let split = command == "pacer test" ? expected.replacingOccurrences(of: "data.train", with: "data.val") : expected
        #expect(errors == [split], "\(run.output)")
    }

    private static func gzip(_ bytes: [UInt8], to path: String) throws {
        let raw = String(path.dropLast(3))
        try Data(bytes).write(to: URL(fileURLWithPath: raw))
        let result = try Fixtures.run("/usr/bin/gzip", ["-f", raw])
        guard result.status == 0 else { throw FixtureError.compileFailed(result.output) }
    }
}
