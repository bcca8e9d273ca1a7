import Foundation
import PacerConfig
import Testing

/// Data that is already arrays or a table: NumpyDataset (.npy, .npz) and
/// CSVDataset, written by the tests from Debian's Fashion-MNIST with NumPy,
/// train exactly as the IDX files do; and a real table, scikit-learn's
/// bundled Iris, trains an ImageClassifier through CSVDataset.
@Suite struct ArrayDatasetTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"
    private static let trainSamples = 1024, valSamples = 256

    /// Writes the first samples of both splits as .npy, .npz and .csv files in `folder`.
    private func writeArrays(in folder: String) throws {
        let script = """
            import gzip, numpy as np
            root = '/usr/share/datasets/fashion-mnist'
            def idx(name, offset): return np.frombuffer(gzip.open(f'{root}/{name}').read(), np.uint8, offset=offset)
            for split, prefix, n in (('train', 'train', \(Self.trainSamples)), ('val', 't10k', \(Self.valSamples))):
                x = idx(f'{prefix}-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:n]
                y = idx(f'{prefix}-labels-idx1-ubyte.gz', 8)[:n].astype(np.int64)
                np.save(f'\(folder)/{split}_img.npy', x)
                np.save(f'\(folder)/{split}_label.npy', y)
                np.savez_compressed(f'\(folder)/{split}.npz', img=x, gt_label=y)
                scaled = x.reshape(n, -1).astype(np.float32) * np.float32(1 / 255)
                with open(f'\(folder)/{split}.csv', 'w') as f:
                    f.write(','.join(['label'] + [f'p{i}' for i in range(784)]) + '\\n')
                    for label, row in zip(y, scaled):
                        f.write(','.join([str(label)] + ['%.9g' % v for v in row]) + '\\n')
            """
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", script])
        #expect(result.status == 0, "\(result.output)")
    }

    /// The small config with `train` and `val` datasets replaced.
    private func config(_ folder: String, name: String, train: ConfigValue, val: ConfigValue) throws -> String {
        var config = Fixtures.smallConfig(workDir: folder + "/" + name, trainSamples: Self.trainSamples,
                                          valSamples: Self.valSamples, maxEpochs: 2)
        config.set("data.train", train)
        config.set("data.val", val)
        return try Fixtures.writeConfig(config, in: folder, name: name + ".json")
    }

    /// The tensor bytes of a checkpoint (the header records the config, which differs).
    private func weights(_ path: String) throws -> Data {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return file.dropFirst(8 + length)
    }

    @Test func npyNpzAndCSVTrainToTheSameWeightsAsTheIDXFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        try writeArrays(in: folder)
        let idx = try Fixtures.writeConfig(Fixtures.smallConfig(
            workDir: folder + "/idx", trainSamples: Self.trainSamples, valSamples: Self.valSamples, maxEpochs: 2),
            in: folder, name: "idx.json")
        let npy = try config(folder, name: "npy",
                             train: ["type": "NumpyDataset", "img_file": .string(folder + "/train_img.npy"),
                                     "label_file": .string(folder + "/train_label.npy")],
                             val: ["type": "NumpyDataset", "img_file": .string(folder + "/val_img.npy"),
                                   "label_file": .string(folder + "/val_label.npy")])
        let npz = try config(folder, name: "npz",
                             train: ["type": "NumpyDataset", "npz_file": .string(folder + "/train.npz")],
                             val: ["type": "NumpyDataset", "npz_file": .string(folder + "/val.npz")])
        let csv = try config(folder, name: "csv",
                             train: ["type": "CSVDataset", "file": .string(folder + "/train.csv"), "num_classes": 10],
                             val: ["type": "CSVDataset", "file": .string(folder + "/val.csv")])

        for path in [idx, npy, npz, csv] {
            let result = try Fixtures.run(pacer, ["train", path])
            #expect(result.status == 0, "\(result.output)")
        }

        let reference = try weights(folder + "/idx/epoch_2.safetensors")
        for name in ["npy", "npz", "csv"] {
            #expect(try weights(folder + "/\(name)/epoch_2.safetensors") == reference, "\(name)")
        }
    }

    @Test func aModelTrainedFromAnNpzFileLearns() throws {
        let folder = try Fixtures.temporaryDirectory()
        try writeArrays(in: folder)
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 5)
        config.set("data.train", ["type": "NumpyDataset", "npz_file": .string(folder + "/train.npz")])
        config.set("data.val", ["type": "NumpyDataset", "npz_file": .string(folder + "/val.npz")])
        let path = try Fixtures.writeConfig(config, in: folder)
        #expect(try Fixtures.run(pacer, ["train", path]).status == 0)

        let result = try Fixtures.run(pacer, ["test", path, folder + "/work/epoch_5.safetensors", "--metrics", "accuracy"])

        let top1 = result.output.split(separator: ",").first?.split(separator: ":")
        #expect(top1?.first == "accuracy_top-1", "\(result.output)")
        #expect(try #require(top1.flatMap { Double($0.last!.trimmingCharacters(in: .whitespacesAndNewlines)) }) > 70)
    }

    /// Writes scikit-learn's bundled iris.csv (150 rows of 4 measurements and
    /// the species, ordered by species; installed by .ci/install-deps, read
    /// without importing sklearn) as `train.csv` and `val.csv` with a header
    /// row: every fifth row is held out, 10 of each species.
    private func writeIris(in folder: String) throws {
        let script = """
            import csv, importlib.util
            source = importlib.util.find_spec('sklearn').submodule_search_locations[0] + '/datasets/data/iris.csv'
            rows = list(csv.reader(open(source)))[1:]
            for split, keep in (('train', lambda i: i % 5 != 4), ('val', lambda i: i % 5 == 4)):
                with open(f'\(folder)/{split}.csv', 'w') as f:
                    f.write('label,sepal_length,sepal_width,petal_length,petal_width\\n')
                    for i, row in enumerate(rows):
                        if keep(i): f.write(','.join([row[4]] + row[:4]) + '\\n')
            """
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", script])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func anImageClassifierTrainedFromTheIrisTableClassifiesHeldOutFlowers() throws {
        let folder = try Fixtures.temporaryDirectory()
        try writeIris(in: folder)
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 60)
        config["model"] = [
            "type": "ImageClassifier",
            "backbone": ["type": "Sequential", "in_channels": 1, "layers": [
                ["type": "Flatten"],
                ["type": "Linear", "in_features": 4, "out_features": 32],
                ["type": "ReLU"],
                ["type": "Linear", "in_features": 32, "out_features": 3],
            ]],
            "head": ["type": "ClsHead"],
        ]
        // With a pipeline a table row is a 1×F×1 image, the [N, 1, 1, 4] batch an ImageClassifier takes.
        let pipeline: ConfigValue = [
            ["type": "ImageToTensor", "keys": ["img"]],
            ["type": "ToTensor", "keys": ["gt_label"]],
            ["type": "Collect", "keys": ["img", "gt_label"]],
        ]
        config["data"] = [
            "samples_per_gpu": 16,
            "train": ["type": "CSVDataset", "file": .string(folder + "/train.csv"), "num_classes": 3, "pipeline": pipeline],
            "val": ["type": "CSVDataset", "file": .string(folder + "/val.csv"), "num_classes": 3, "pipeline": pipeline],
        ]
        config.set("checkpoint_config.interval", 60)
        let path = try Fixtures.writeConfig(config, in: folder)
        let training = try Fixtures.run(pacer, ["train", path])
        #expect(training.status == 0, "\(training.output)")

        // The head's own top-1 accuracy ("loss: L, accuracy: A"): mmcls's computed
        // metrics default to topk (1, 5), which 3 classes cannot have.
        let result = try Fixtures.run(pacer, ["test", path, folder + "/work/epoch_60.safetensors"])

        #expect(result.status == 0, "\(result.output)")
        let accuracy = result.output.split(separator: ",").map { $0.split(separator: ":") }
            .first { $0.first?.trimmingCharacters(in: .whitespaces) == "accuracy" }
            .flatMap { Double($0.last!.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(try #require(accuracy, "\(result.output)") > 0.9, "\(result.output)")
    }

    struct BadData: CustomTestStringConvertible, Sendable {
        let testDescription: String
        /// Python that writes `bad` (and anything it needs) into the folder `d`.
        let script: String
        let dataset: @Sendable (String) -> ConfigValue
        let message: @Sendable (String) -> String
    }

    static let badData: [BadData] = [
        BadData(testDescription: "an .npy of complex numbers",
                script: "np.save(f'{d}/x.npy', np.zeros((4, 2, 2), np.complex64)); np.save(f'{d}/y.npy', np.zeros(4, np.int64))",
                dataset: { ["type": "NumpyDataset", "img_file": .string($0 + "/x.npy"), "label_file": .string($0 + "/y.npy")] },
                message: { "\($0)/x.npy: holds dtype '<c8'; Pacer reads uint8 or float32 images and integer labels, little-endian" }),
        BadData(testDescription: "a truncated .npy",
                script: "np.save(f'{d}/x.npy', np.zeros((4, 2, 2), np.uint8)); open(f'{d}/x.npy', 'r+b').truncate(130); "
                    + "np.save(f'{d}/y.npy', np.zeros(4, np.int64))",
                dataset: { ["type": "NumpyDataset", "img_file": .string($0 + "/x.npy"), "label_file": .string($0 + "/y.npy")] },
                message: { "\($0)/x.npy: header promises 16 bytes of data for shape (4, 2, 2), the file holds 2" }),
        BadData(testDescription: "float labels",
                script: "np.save(f'{d}/x.npy', np.zeros((4, 2, 2), np.uint8)); np.save(f'{d}/y.npy', np.zeros(4, np.float32))",
                dataset: { ["type": "NumpyDataset", "img_file": .string($0 + "/x.npy"), "label_file": .string($0 + "/y.npy")] },
                message: { "\($0)/y.npy: must be a 1-D array of integer labels, not float32 of shape [4]" }),
        BadData(testDescription: "an .npz without the label array",
                script: "np.savez(f'{d}/a.npz', img=np.zeros((4, 2, 2), np.uint8), labels=np.zeros(4, np.int64))",
                dataset: { ["type": "NumpyDataset", "npz_file": .string($0 + "/a.npz")] },
                message: { "\($0)/a.npz: has no array 'gt_label' (it holds: img, labels)" }),
        BadData(testDescription: "a label outside num_classes",
                script: "np.save(f'{d}/x.npy', np.zeros((4, 2, 2), np.uint8)); np.save(f'{d}/y.npy', np.array([0, 1, 10, 2]))",
                dataset: { ["type": "NumpyDataset", "img_file": .string($0 + "/x.npy"), "label_file": .string($0 + "/y.npy"),
                            "num_classes": 10] },
                message: { "\($0)/y.npy: label 10 of sample 2 is outside 0...9" }),
        BadData(testDescription: "a ragged CSV row",
                script: "open(f'{d}/t.csv', 'w').write('label,a,b\\n1,0.5,0.25\\n0,0.5\\n')",
                dataset: { ["type": "CSVDataset", "file": .string($0 + "/t.csv")] },
                message: { "\($0)/t.csv:3: has 2 fields, the header has 3" }),
        BadData(testDescription: "a CSV cell that is not a number",
                script: "open(f'{d}/t.csv', 'w').write('label,a,b\\n1,0.5,0.25\\n0,0.5,high\\n')",
                dataset: { ["type": "CSVDataset", "file": .string($0 + "/t.csv")] },
                message: { "\($0)/t.csv:3: column 'b' is 'high', not a number" }),
        BadData(testDescription: "a CSV without the label column",
                script: "open(f'{d}/t.csv', 'w').write('class,a\\n1,0.5\\n')",
                dataset: { ["type": "CSVDataset", "file": .string($0 + "/t.csv")] },
                message: { "\($0)/t.csv: has no column 'label' (columns: class, a)" }),
        BadData(testDescription: "a CSV with no rows",
                script: "open(f'{d}/t.csv', 'w').write('label,a\\n')",
                dataset: { ["type": "CSVDataset", "file": .string($0 + "/t.csv")] },
                message: { "\($0)/t.csv: holds no samples" }),
    ]

    @Test(arguments: badData)
    func badDataIsOneLineNamingTheFileBeforeTraining(_ bad: BadData) throws {
        let folder = try Fixtures.temporaryDirectory()
        let write = try Fixtures.run("/usr/bin/env", ["python3", "-c", "import numpy as np\nd = '\(folder)'\n" + bad.script])
        #expect(write.status == 0, "\(write.output)")
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config.set("data.train", bad.dataset(folder))
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").last.map(String.init) == "error: \(path): data.train: \(bad.message(folder))")
        #expect(!FileManager.default.fileExists(atPath: folder + "/work/epoch_1.safetensors"))
    }
}
