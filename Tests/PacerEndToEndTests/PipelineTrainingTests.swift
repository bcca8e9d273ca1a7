import Foundation
import PacerConfig
import Testing

/// Training through transform pipelines with the real `pacer` executable and
/// the MLP plugin: the shipped mmcls-style config learns, and an image folder
/// of PNG files trains to the same weights as the IDX files they came from.
@Suite struct PipelineTrainingTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"
    private static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("configs").path

    /// The tensor bytes of a checkpoint (the header records the config, which differs).
    private func weights(_ path: String) throws -> Data {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return file.dropFirst(8 + length)
    }

    /// The top-1 accuracy `pacer test` reports for `checkpoint`.
    private func accuracy(_ config: String, _ checkpoint: String, options: [String] = []) throws -> Double {
        let result = try Fixtures.run(pacer, ["test", config, checkpoint, "--metrics", "accuracy"] + options)
        // The metrics line (a progress bar may come first on a slow machine).
        let line = result.output.split(separator: "\n").first { $0.hasPrefix("accuracy_top-1:") }
        let top1 = line?.split(separator: ",").first?.split(separator: ":")
        #expect(top1?.first == "accuracy_top-1", "\(result.output)")
        return try #require(top1.flatMap { Double($0.last!.trimmingCharacters(in: .whitespacesAndNewlines)) })
    }

    @Test func theReadmeShowsTheShippedMmclsStyleConfig() throws {
        let readme = try String(contentsOfFile: Fixtures.packageRoot + "/README.md", encoding: .utf8)
        let config = try String(contentsOfFile: Self.configs + "/fashion_mnist/mlp_mmcls_pipeline.py", encoding: .utf8)
        let shown = try #require(config.range(of: "dataset_type = ").map { String(config[$0.lowerBound...]) })
        #expect(readme.contains("```python\n" + shown + "```\n"))
    }

    /// mmcls builds the evaluation and test datasets with
    /// `default_args=dict(test_mode=True)`, so a `data.test` written without
    /// `test_mode` (as mmcls's own configs write it) reads the t10k files.
    @Test func pacerTestReadsTheTestFilesWhenTheConfigDoesNotSayTestMode() throws {
        let folder = try Fixtures.temporaryDirectory()
        var entries = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 1)
        entries.set("data.test", ["type": "FashionMNIST"])
        let config = try Fixtures.writeConfig(entries, in: folder)
        #expect(try Fixtures.run(pacer, ["train", config]).status == 0)

        let out = folder + "/predictions.json"
        let result = try Fixtures.run(pacer, ["test", config, folder + "/work/epoch_1.safetensors", "--out", out])
        #expect(result.status == 0, "\(result.output)")
        let predictions = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out)))
        let labels = try #require((predictions as? [String: Any])?["pred_label"] as? [Any])
        #expect(labels.count == 10_000)  // t10k, not the 60,000 training images
    }

    /// mmcls's own lenet5_mnist.py, changed only to FashionMNIST and Debian's
    /// folder: Resize to 32 and Normalize feed the ImageClassifier's LeNet5.
    @Test func mmclsLeNet5ConfigTrainsThroughResizeAndNormalize() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try Fixtures.run(pacer, [
            "train", Self.configs + "/fashion_mnist/lenet5_mmcls.py", "--work-dir", folder + "/work",
            "--cfg-options", "runner.max_epochs=1", "data.train.num_samples=4096", "data.val.num_samples=1000",
            "evaluation.interval=1"])
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last { $0.contains("accuracy_top-1: ") },
                                "\(result.output)")
        let top1 = try #require(line.split(separator: " ").last.flatMap { Double($0) })
        // One epoch of 4096 images at mmcls's lr 0.01: well above chance (10%).
        #expect(top1 > 40, "\(line)")
    }

    @Test func theMmclsStyleConfigTrainsTheMLP() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = Self.configs + "/fashion_mnist/mlp_mmcls_pipeline.py"
        let options = ["--cfg-options", "data.train.num_samples=8192", "data.val.num_samples=1000",
                       "data.test.num_samples=2000"]
        let result = try Fixtures.run(pacer, ["train", config, "--work-dir", folder + "/work", "--cfg-options",
                                              "runner.max_epochs=3", "data.train.num_samples=8192",
                                              "data.val.num_samples=1000"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("accuracy_top-1"))
        // The MLP on 8192 normalized images for 3 epochs: above 80% on 2000 test images.
        #expect(try accuracy(config, folder + "/work/epoch_3.safetensors", options: options) > 80)
    }

    @Test func aPNGFolderAndTheIDXFilesTrainToBitIdenticalWeights() throws {
        let folder = try Fixtures.temporaryDirectory()
        // Grey PNGs in one folder per class, with an ann_file listing them in
        // the IDX files' order (class folders alone would list them by class).
        let script = """
            import gzip, os, numpy as np
            from PIL import Image
            root = '/usr/share/datasets/fashion-mnist'
            def idx(name, offset): return np.frombuffer(gzip.open(f'{root}/{name}').read(), np.uint8, offset=offset)
            for split, prefix, n in (('train', 'train', 1024), ('val', 't10k', 256)):
                x = idx(f'{prefix}-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:n]
                y = idx(f'{prefix}-labels-idx1-ubyte.gz', 8)[:n]
                lines = []
                for i, (image, label) in enumerate(zip(x, y)):
                    os.makedirs(f'\(folder)/{split}/{label}', exist_ok=True)
                    Image.fromarray(image, mode='L').save(f'\(folder)/{split}/{label}/{i:05d}.png')
                    lines.append(f'{label}/{i:05d}.png {label}')
                open(f'\(folder)/{split}.txt', 'w').write('\\n'.join(lines) + '\\n')
            """
        let written = try Fixtures.run("/usr/bin/env", ["python3", "-c", script])
        try #require(written.status == 0, "\(written.output)")
        let pipeline: ConfigValue = [
            ["type": "LoadImageFromFile", "color_type": "grayscale"],
            ["type": "RandomCrop", "size": 28, "padding": 2],
            ["type": "RandomFlip", "flip_prob": 0.5],
            ["type": "Normalize", "mean": [72.94], "std": [90.02]],
            ["type": "ImageToTensor", "keys": ["img"]],
            ["type": "Collect", "keys": ["img", "gt_label"]],
        ]
        func config(_ name: String, train: ConfigDict, val: ConfigDict) throws -> String {
            var config = Fixtures.smallConfig(workDir: folder + "/" + name, maxEpochs: 2)
            config.set("data.workers_per_gpu", 2)
            config.set("data.train", .dict(train))
            config.set("data.val", .dict(val))
            config.set("data.train.pipeline", pipeline)
            config.set("data.val.pipeline", [["type": "LoadImageFromFile", "color_type": "grayscale"],
                                             ["type": "Normalize", "mean": [72.94], "std": [90.02]]])
            return try Fixtures.writeConfig(config, in: folder, name: name + ".json")
        }
        let idx = try config("idx", train: ["type": "FashionMNIST", "num_samples": 1024],
                             val: ["type": "FashionMNIST", "test_mode": true, "num_samples": 256])
        let png = try config("png", train: ["type": "CustomDataset", "data_prefix": .string(folder + "/train"),
                                            "ann_file": .string(folder + "/train.txt")],
                             val: ["type": "CustomDataset", "data_prefix": .string(folder + "/val"),
                                   "ann_file": .string(folder + "/val.txt"), "classes": .list((0..<10).map { .string("\($0)") })])
        for path in [idx, png] {
            let result = try Fixtures.run(pacer, ["train", path])
            #expect(result.status == 0, "\(result.output)")
        }
        #expect(try weights(folder + "/png/epoch_2.safetensors") == weights(folder + "/idx/epoch_2.safetensors"))
    }

    @Test func classFoldersAndIDXFilesOfTheSameImagesTrainToBitIdenticalWeights() throws {
        // The first 768 training images sorted by class, written twice: as grey
        // PNGs in one folder per class (which CustomDataset lists class by
        // class, file names in order) and as plain IDX files in that order.
        let folder = try Fixtures.temporaryDirectory()
        let script = """
            import gzip, os, numpy as np
            from PIL import Image
            root = '/usr/share/datasets/fashion-mnist'
            def idx(name, offset): return np.frombuffer(gzip.open(f'{root}/{name}').read(), np.uint8, offset=offset)
            x = idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:768]
            y = idx('train-labels-idx1-ubyte.gz', 8)[:768]
            order = np.argsort(y, kind='stable')
            x, y = x[order], y[order]
            os.makedirs('\(folder)/idx')
            with open('\(folder)/idx/train-images-idx3-ubyte', 'wb') as f:
                f.write(bytes([0, 0, 8, 3]) + (768).to_bytes(4, 'big') + (28).to_bytes(4, 'big') * 2 + x.tobytes())
            with open('\(folder)/idx/train-labels-idx1-ubyte', 'wb') as f:
                f.write(bytes([0, 0, 8, 1]) + (768).to_bytes(4, 'big') + y.tobytes())
            for i, (image, label) in enumerate(zip(x, y)):
                os.makedirs(f'\(folder)/png/{label}', exist_ok=True)
                Image.fromarray(image, mode='L').save(f'\(folder)/png/{label}/{i:05d}.png')
            """
        let written = try Fixtures.run("/usr/bin/env", ["python3", "-c", script])
        try #require(written.status == 0, "\(written.output)")
        let pipeline: ConfigValue = [
            ["type": "LoadImageFromFile", "color_type": "grayscale"],
            ["type": "RandomCrop", "size": 28, "padding": 4],
            ["type": "RandomFlip"],
            ["type": "Normalize", "mean": [72.94], "std": [90.02]],
            ["type": "ImageToTensor", "keys": ["img"]],
            ["type": "ToTensor", "keys": ["gt_label"]],
            ["type": "Collect", "keys": ["img", "gt_label"]],
        ]
        func config(_ name: String, train: ConfigDict) throws -> String {
            var config = Fixtures.smallConfig(workDir: folder + "/" + name + "-work", maxEpochs: 2)
            config.set("data.workers_per_gpu", 2)
            config.set("data.train", .dict(train))
            config.set("data.train.pipeline", pipeline)
            return try Fixtures.writeConfig(config, in: folder, name: name + ".json")
        }
        let idx = try config("idx", train: ["type": "FashionMNIST", "data_prefix": .string(folder + "/idx")])
        let png = try config("png", train: ["type": "CustomDataset", "data_prefix": .string(folder + "/png")])
        for path in [idx, png] {
            let result = try Fixtures.run(pacer, ["train", path])
            #expect(result.status == 0, "\(result.output)")
        }
        #expect(try weights(folder + "/png-work/epoch_2.safetensors") == weights(folder + "/idx-work/epoch_2.safetensors"))
    }

    @Test func imagesOfTwoSizesWithoutResizeStopBeforeTraining() throws {
        let folder = try Fixtures.temporaryDirectory()
        let script = """
            import os
            from PIL import Image
            for label, size in ((0, (8, 8)), (1, (8, 9))):
                os.makedirs(f'\(folder)/data/{label}', exist_ok=True)
                Image.new('L', size).save(f'\(folder)/data/{label}/a.png')
            """
        try #require(try Fixtures.run("/usr/bin/env", ["python3", "-c", script]).status == 0)
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config.set("data.samples_per_gpu", 1)
        config.set("data.train", ["type": "CustomDataset", "data_prefix": .string(folder + "/data"),
                                  "pipeline": [["type": "LoadImageFromFile"]]])
        let path = try Fixtures.writeConfig(config, in: folder)
        let result = try Fixtures.run(pacer, ["train", path])
        #expect(result.status == 1)
        let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("error: ") }.map(String.init)
        #expect(errors == ["error: \(path): data.train: sample 0 (\(folder)/data/0/a.png) leaves the pipeline 8x8x3 "
            + "but sample 1 (\(folder)/data/1/a.png) leaves it 9x8x3; add Resize, CenterCrop or RandomResizedCrop "
            + "to bring images to one size"], "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/work/epoch_1.safetensors"))
    }
}
