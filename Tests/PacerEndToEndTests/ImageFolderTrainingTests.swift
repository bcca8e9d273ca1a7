import Foundation
import PacerConfig
import Testing

/// Training from image files: Fashion-MNIST's images written as PNG files
/// by Pillow into class folders train the MLP to exactly the weights the
/// IDX files give through the same pipeline and seed, class folders train
/// a model that learns, and a damaged file stops the run with one line.
@Suite struct ImageFolderTrainingTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"
    private static let trainSamples = 512, valSamples = 128
    private static let classes: [ConfigValue] = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                                                 "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// mmcls's Fashion-MNIST pipeline, reading grey files.
    private static let pipeline: ConfigValue = [
        ["type": "LoadImageFromFile", "color_type": "grayscale"],
        ["type": "Normalize", "mean": [33.46], "std": [78.87], "to_rgb": false],
        ["type": "ImageToTensor", "keys": ["img"]],
        ["type": "ToTensor", "keys": ["gt_label"]],
        ["type": "Collect", "keys": ["img", "gt_label"]],
    ]

    /// Writes the first samples of both splits as PNG files under
    /// `folder/<split>/<label>_<name>/<index>.png`, and `folder/<split>.txt`
    /// listing them in the IDX files' order.
    private func writeImages(in folder: String) throws {
        let script = """
            import gzip, os, numpy as np
            from PIL import Image
            root = '/usr/share/datasets/fashion-mnist'
            names = ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
            def idx(name, offset): return np.frombuffer(gzip.open(f'{root}/{name}').read(), np.uint8, offset=offset)
            for split, prefix, n in (('train', 'train', \(Self.trainSamples)), ('val', 't10k', \(Self.valSamples))):
                x = idx(f'{prefix}-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:n]
                y = idx(f'{prefix}-labels-idx1-ubyte.gz', 8)[:n]
                lines = []
                for i, (image, label) in enumerate(zip(x, y)):
                    relative = f'{label}_{names[label]}/{i:05d}.png'
                    os.makedirs(f'\(folder)/{split}/{label}_{names[label]}', exist_ok=True)
                    Image.fromarray(image, 'L').save(f'\(folder)/{split}/{relative}')
                    lines.append(f'{relative} {label}\\n')
                open(f'\(folder)/{split}.txt', 'w').writelines(lines)
            """
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", script])
        try #require(result.status == 0, "\(result.output)")
    }

    /// The small config with `train` and `val` replaced.
    private func config(_ folder: String, name: String, train: ConfigValue, val: ConfigValue) throws -> String {
        var config = Fixtures.smallConfig(workDir: folder + "/" + name, trainSamples: Self.trainSamples,
                                          valSamples: Self.valSamples, maxEpochs: 2)
        config.set("data.train", train)
        config.set("data.val", val)
        config.set("data.workers_per_gpu", 2)
        return try Fixtures.writeConfig(config, in: folder, name: name + ".json")
    }

    /// The tensor bytes of a checkpoint (the header records the config, which differs).
    private func weights(_ path: String) throws -> Data {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return file.dropFirst(8 + length)
    }

    @Test func pngFilesListedInAnAnnFileTrainToTheWeightsOfTheIDXFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        try writeImages(in: folder)
        let idx = try config(
            folder, name: "idx",
            train: ["type": "FashionMNIST", "num_samples": .int(Self.trainSamples), "pipeline": Self.pipeline],
            val: ["type": "FashionMNIST", "test_mode": true, "num_samples": .int(Self.valSamples),
                  "pipeline": Self.pipeline])
        let png = try config(
            folder, name: "png",
            train: ["type": "CustomDataset", "data_prefix": .string(folder + "/train"),
                    "ann_file": .string(folder + "/train.txt"), "classes": .list(Self.classes),
                    "pipeline": Self.pipeline],
            val: ["type": "CustomDataset", "data_prefix": .string(folder + "/val"),
                  "ann_file": .string(folder + "/val.txt"), "classes": .list(Self.classes), "test_mode": true,
                  "pipeline": Self.pipeline])
        for path in [idx, png] {
            let result = try Fixtures.run(pacer, ["train", path])
            try #require(result.status == 0, "\(result.output)")
        }
        #expect(try weights(folder + "/png/epoch_2.safetensors") == weights(folder + "/idx/epoch_2.safetensors"))
    }

    @Test func anImageNetStyleFolderOfClassFoldersTrainsAModelThatLearns() throws {
        let folder = try Fixtures.temporaryDirectory()
        try writeImages(in: folder)
        let path = try config(
            folder, name: "folders",
            train: ["type": "ImageNet", "data_prefix": .string(folder + "/train"), "pipeline": Self.pipeline],
            val: ["type": "ImageNet", "data_prefix": .string(folder + "/val"), "test_mode": true,
                  "pipeline": Self.pipeline])
        let training = try Fixtures.run(pacer, ["train", path])
        try #require(training.status == 0, "\(training.output)")

        let result = try Fixtures.run(pacer, ["test", path, folder + "/folders/epoch_2.safetensors", "--metrics", "accuracy"])
        let top1 = result.output.split(separator: ",").first?.split(separator: ":")
        #expect(top1?.first == "accuracy_top-1", "\(result.output)")
        #expect(try #require(top1.flatMap { Double($0.last!.trimmingCharacters(in: .whitespacesAndNewlines)) }) > 50)
    }

    @Test func aDamagedHeaderStopsTheRunBeforeTrainingAndDamagedPixelsStopItAtTheirBatch() throws {
        let folder = try Fixtures.temporaryDirectory()
        try writeImages(in: folder)
        let damaged = folder + "/train/3_Dress/00003.png"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
        let path = try config(
            folder, name: "damaged",
            train: ["type": "CustomDataset", "data_prefix": .string(folder + "/train"), "pipeline": Self.pipeline],
            val: ["type": "CustomDataset", "data_prefix": .string(folder + "/val"), "pipeline": Self.pipeline])

        try bytes.prefix(20).write(to: URL(fileURLWithPath: damaged))
        let header = try Fixtures.run(pacer, ["train", path])
        #expect(header.status != 0)
        #expect(header.output.contains("\(damaged): truncated PNG: the file ends before its image data does"),
                "\(header.output)")
        #expect(!header.output.contains("Epoch [1]"), "\(header.output)")

        try bytes.prefix(bytes.count - 30).write(to: URL(fileURLWithPath: damaged))
        let pixels = try Fixtures.run(pacer, ["train", path])
        #expect(pixels.status != 0)
        let lines = pixels.output.split(separator: "\n").filter { $0.contains(damaged) }
        #expect(lines.count == 1, "\(pixels.output)")
        #expect(lines.first?.contains("\(damaged): truncated PNG: the file ends before its image data does") == true,
                "\(pixels.output)")
    }
}
