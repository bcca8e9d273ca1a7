import Foundation
import PacerConfig
import PacerPlugins
import PacerTrain
import Testing

/// Dataset plugins (ABI 1.1): the C template plugin-sdk/templates/c-dataset
/// (IdxDataset, reading Debian's Fashion-MNIST .gz files with zlib) and a
/// Swift kit dataset (Fixtures/swift_dataset.swift), each built outside
/// this repository, serve the items the built-in FashionMNIST serves and
/// train to the same weights; the host's rules on declarations, threads,
/// options and failing items, with Fixtures/dataset_variants.c.
@Suite struct DatasetPluginTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"
    private static let root = "/usr/share/datasets/fashion-mnist/"
    private static let trainSamples = 1024, valSamples = 256

    /// A folder holding both plugins, built once per test process from a
    /// copy of plugin-sdk, and Fashion-MNIST's IDX files uncompressed for
    /// the Swift plugin (which reads them without zlib).
    private static let built: Result<String, FixtureError> = {
        do {
            let folder = try Fixtures.temporaryDirectory("datasetPlugins")
            let plugins = folder + "/plugins"
            let sdk = try SDKTemplates.copySDK(into: folder)
            _ = try SDKTemplates.buildCDataset(sdk: sdk, in: folder, pluginDir: plugins)
            try SwiftPluginBuilder.build("swift_dataset.swift", to: plugins + "/libswift_dataset.so")
            for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                         "t10k-labels-idx1-ubyte"] {
                let result = try Fixtures.run("/bin/sh", ["-c", "gzip -dc \(root)\(name).gz > \(folder)/\(name)"])
                guard result.status == 0 else { return .failure(.compileFailed(result.output)) }
            }
            return .success(folder)
        } catch let error as FixtureError {
            return .failure(error)
        } catch {
            return .failure(.compileFailed("\(error)"))
        }
    }()

    private var shared: String { get throws { try Self.built.get() } }

    /// `data.<split>` for IdxDataset (the .gz files) or SwiftIdxDataset
    /// (the uncompressed copies in `shared`).
    private func idx(_ type: String, _ prefix: String, samples: Int) throws -> ConfigDict {
        let (folder, suffix) = type == "IdxDataset" ? (Self.root, ".gz") : (try shared + "/", "")
        return ["type": .string(type), "images": .string(folder + prefix + "-images-idx3-ubyte" + suffix),
                "labels": .string(folder + prefix + "-labels-idx1-ubyte" + suffix), "num_samples": .int(samples)]
    }

    /// The small config reading both splits from the dataset plugin `type`.
    private func config(_ type: String, workDir: String, workers: Int = 0) throws -> ConfigDict {
        var config = Fixtures.smallConfig(workDir: workDir, trainSamples: Self.trainSamples,
                                          valSamples: Self.valSamples, maxEpochs: 2)
        config.set("data.train", .dict(try idx(type, "train", samples: Self.trainSamples)))
        config.set("data.val", .dict(try idx(type, "t10k", samples: Self.valSamples)))
        config.set("data.workers_per_gpu", .int(workers))
        return config
    }

    /// The tensor bytes of a checkpoint (the header records the config, which differs).
    private func weights(_ path: String) throws -> Data {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return file.dropFirst(8 + length)
    }

    @Test func cAndSwiftDatasetPluginsTrainToTheWeightsOfTheBuiltInFashionMNIST() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try shared + "/plugins"
        let builtIn = try Fixtures.writeConfig(Fixtures.smallConfig(
            workDir: folder + "/builtin", trainSamples: Self.trainSamples, valSamples: Self.valSamples, maxEpochs: 2),
            in: folder, name: "builtin.json")
        let c = try Fixtures.writeConfig(config("IdxDataset", workDir: folder + "/c"), in: folder, name: "c.json")
        let swift = try Fixtures.writeConfig(config("SwiftIdxDataset", workDir: folder + "/swift"), in: folder,
                                             name: "swift.json")

        for path in [builtIn, c, swift] {
            let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])
            #expect(result.status == 0, "\(result.output)")
        }

        let reference = try weights(folder + "/builtin/epoch_2.safetensors")
        #expect(try weights(folder + "/c/epoch_2.safetensors") == reference)
        #expect(try weights(folder + "/swift/epoch_2.safetensors") == reference)
    }

    @Test func theCAndSwiftPluginsServeFashionMNISTsItemsAsSamples() throws {
        let catalog = try PluginCatalog(searchPath: PluginSearchPath(directories: [shared + "/plugins"]))
        let registries = try Registries.standard(catalog: catalog)
        let c = try #require(try buildDataset(config: idx("IdxDataset", "t10k", samples: 100),
                                              registries: registries) as? PluginDataset)
        let swift = try #require(try buildDataset(config: idx("SwiftIdxDataset", "t10k", samples: 100),
                                                  registries: registries) as? PluginDataset)
        let images = try Data(contentsOf: URL(fileURLWithPath: shared + "/t10k-images-idx3-ubyte")).dropFirst(16)
        let labels = try Data(contentsOf: URL(fileURLWithPath: shared + "/t10k-labels-idx1-ubyte")).dropFirst(8)

        #expect(c.count == 100 && swift.count == 100)
        #expect(c.classes == (0..<10).map(String.init) && swift.classes == c.classes)
        for index in [0, 1, 57, 99] {
            let expected = Image(height: 28, width: 28, channels: 1,
                                 pixels: .bytes(Array(images.dropFirst(index * 784).prefix(784))))
            for source in [c, swift] {
                let sample = try source.sample(at: index)
                #expect(sample.image == expected)
                #expect(sample.label == Int64(labels[labels.startIndex + index]))
            }
        }
    }

    @Test func theShippedMLPConfigTrainsFromTheCDatasetPluginToTheExpectedAccuracy() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = folder + "/mlp_idx_plugin.py"
        try """
            _base_ = ['\(Fixtures.packageRoot)/configs/fashion_mnist/mlp.py']
            root = '\(Self.root)'
            data = dict(
                workers_per_gpu=2,
                train=dict(_delete_=True, type='IdxDataset', images=root + 'train-images-idx3-ubyte.gz',
                           labels=root + 'train-labels-idx1-ubyte.gz', num_samples=4096),
                val=dict(_delete_=True, type='IdxDataset', images=root + 't10k-images-idx3-ubyte.gz',
                         labels=root + 't10k-labels-idx1-ubyte.gz', num_samples=1024))
            runner = dict(type='EpochBasedRunner', max_epochs=3)
            work_dir = '\(folder)/work'
            """.write(toFile: path, atomically: true, encoding: .utf8)

        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", shared + "/plugins"])

        #expect(result.status == 0, "\(result.output)")
        let lastVal = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("Epoch(val) [3]") })
        let accuracy = try #require(Double(lastVal.split(separator: "accuracy: ").last ?? ""))
        #expect(accuracy > 0.7, "\(lastVal)")
    }

    @Test func twoLoaderWorkersGiveTheSameBatchesAsNone() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = try shared + "/plugins"
        for workers in [0, 2] {
            let path = try Fixtures.writeConfig(config("IdxDataset", workDir: folder + "/workers\(workers)",
                                                       workers: workers), in: folder, name: "w\(workers).json")
            let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])
            #expect(result.status == 0, "\(result.output)")
        }
        #expect(try weights(folder + "/workers2/epoch_2.safetensors")
            == weights(folder + "/workers0/epoch_2.safetensors"))
    }

    @Test func aSerialDatasetIsNeverCalledFromTwoWorkersAtOnce() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("dataset_variants.c", to: plugins + "/libpattern.so", defines: ["SERIAL"])
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 2)
        config.set("data.train", ["type": "PatternDataset"])
        config.set("data.workers_per_gpu", 3)

        let show = try Fixtures.run(pacer, ["plugins", "show", "PatternDataset", "--plugin-dir", plugins])
        let result = try Fixtures.run(pacer, ["train", Fixtures.writeConfig(config, in: folder), "--plugin-dir", plugins])

        #expect(show.output.contains("  threads:   get_item one call at a time (PACER_DATASET_SERIAL)"), "\(show.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/work/epoch_2.safetensors"))
    }

    @Test(arguments: [0, 2])
    func aFailingGetItemStopsTheRunWithOneLineNamingTheFileAndIndex(workers: Int) throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("dataset_variants.c", to: plugins + "/libpattern.so")
        var config = Fixtures.smallConfig(workDir: folder + "/work", maxEpochs: 2)
        config.set("data.val", ["type": "PatternDataset", "fail_at": 40])
        config.set("data.workers_per_gpu", .int(workers))
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])

        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.last == "error: data loading failed: \(plugins)/libpattern.so: dataset PatternDataset failed in get_item(40): "
            + "injected failure", "\(result.output)")
        #expect(lines.filter { $0.hasPrefix("error:") }.count == 1)
        let checkpoint = try CheckpointFile.read(folder + "/work/epoch_1.safetensors")
        #expect(checkpoint.epoch == 1 && checkpoint.iter == 8)
        #expect(!FileManager.default.fileExists(atPath: folder + "/work/epoch_2.safetensors"))
    }

    @Test func aLabelOutsideTheClassesStopsTheRunWithOneLineNamingTheFileAndIndex() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("dataset_variants.c", to: plugins + "/libpattern.so")
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config.set("data.train", ["type": "PatternDataset", "bad_label_at": 3])
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").filter { $0.hasPrefix("error:") }.map(String.init) == [
            "error: data loading failed: \(plugins)/libpattern.so: dataset PatternDataset failed in get_item(3): "
                + "gt_label 10 is outside the classes 0...9",
        ], "\(result.output)")
    }

    @Test func aDatasetDeclaringAWrongImageTypeIsRefusedBeforeTraining() throws {
        let folder = try Fixtures.temporaryDirectory()
        let plugins = folder + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try Fixtures.compile("dataset_variants.c", to: plugins + "/libpattern.so", defines: ["BAD_DTYPE"])
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config.set("data.train", ["type": "PatternDataset"])
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", plugins])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").filter { $0.hasPrefix("error:") }.map(String.init) == [
            "error: \(path): data.train: \(plugins)/libpattern.so: dataset PatternDataset: field 'img' must be "
                + "uint8 or float32 with shape {H, W, C}, not int64 of shape {28, 28}",
        ], "\(result.output)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/work")) ?? []
        #expect(!written.contains { $0.hasSuffix(".safetensors") })
    }

    @Test func aDatasetVTableWithANullFunctionOrAnUnknownFlagIsRefusedWhenLoaded() throws {
        let folder = try Fixtures.temporaryDirectory()
        let library = folder + "/libbad.so"
        try Fixtures.compile("dataset_variants.c", to: library, defines: ["BAD_VTABLE"])

        let result = try Fixtures.run(pacer, ["plugins", "check", library])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").map(String.init) == [
            "\(library): invalid plugin descriptor: plugin 0: PatternDataset: get_item is NULL; every function of "
                + "a dataset vtable must be set",
            "\(library): invalid plugin descriptor: plugin 0: PatternDataset: dataset flags 0x4 are unknown to this "
                + "runner (plugin ABI 1.1 knows PACER_DATASET_SERIAL = 0x1)",
        ], "\(result.output)")
    }

    @Test func anUnknownKeyOfADatasetPluginIsRefusedWithTheClosestDeclaredName() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = try self.config("IdxDataset", workDir: folder + "/work")
        config.set("data.train.image", .string(Self.root + "train-images-idx3-ubyte.gz"))
        let path = try Fixtures.writeConfig(config, in: folder)

        let result = try Fixtures.run(pacer, ["train", path, "--plugin-dir", shared + "/plugins"])

        #expect(result.status == 1)
        #expect(result.output.split(separator: "\n").map(String.init) == [
            "error: \(path): 'data.train.image' is not an option of IdxDataset; did you mean 'images'?",
        ], "\(result.output)")
    }

    @Test func pluginsListAndShowDescribeDatasetPlugins() throws {
        let plugins = try shared + "/plugins"

        let list = try Fixtures.run(pacer, ["plugins", "list", "--plugin-dir", plugins])
        let show = try Fixtures.run(pacer, ["plugins", "show", "IdxDataset", "--plugin-dir", plugins])

        let rows = list.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(rows.contains { $0.first == "IdxDataset" && $0.dropFirst().first == "dataset" }, "\(list.output)")
        #expect(rows.contains { $0.first == "SwiftIdxDataset" && $0.dropFirst().first == "dataset" })
        #expect(show.output.contains("  kind:      dataset"), "\(show.output)")
        #expect(show.output.contains("  threads:   get_item from several loader threads at once"))
        #expect(show.output.contains("images       string  required"), "\(show.output)")
    }
}
