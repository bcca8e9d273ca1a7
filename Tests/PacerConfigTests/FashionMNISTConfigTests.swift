import Foundation
import PacerConfig
import Testing

/// The repository's `configs/` folder.
private let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("configs").path

/// The default config written out as one JSON file, as `configs/fashion_mnist/mlp.json` held it
/// before the `.py` split (with the cosine schedule that replaced the step one since).
private let expectedJSON = """
    {
        "model": {"type": "MLPClassifier", "in_features": 784, "hidden": [256, 128], "num_classes": 10},
        "data": {
            "samples_per_gpu": 128,
            "workers_per_gpu": 0,
            "train": {"type": "FashionMNIST", "data_prefix": "/usr/share/datasets/fashion-mnist"},
            "val": {"type": "FashionMNIST", "data_prefix": "/usr/share/datasets/fashion-mnist", "test_mode": true}
        },
        "optimizer": {"type": "SGD", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.0001},
        "optimizer_config": {"grad_clip": null},
        "lr_config": {"policy": "CosineAnnealing", "min_lr": 0},
        "runner": {"type": "EpochBasedRunner", "max_epochs": 15},
        "checkpoint_config": {"interval": 1, "max_keep_ckpts": 2},
        "log_config": {"interval": 100, "hooks": [{"type": "TextLoggerHook"}]},
        "custom_hooks": [{"type": "EMAHook", "momentum": 0.01}],
        "workflow": [["train", 1], ["val", 1]],
        "seed": 0
    }
    """

/// `entries` with keys sorted at every level and tuples as lists, so trees that mean the
/// same compare equal.
private func canonical(_ value: ConfigValue) -> ConfigValue {
    switch value {
    case .dict(let dict): .dict(ConfigDict(dict.keys.sorted().map { ($0, canonical(dict[$0]!)) }))
    case .list(let items), .tuple(let items): .list(items.map(canonical))
    default: value
    }
}

@Test func fashionMNISTPythonConfigMeansTheSameAsOneJSONFile() throws {
    var merged = try ConfigLoader.load(path: configs + "/fashion_mnist/mlp.py").entries
    // Helper names of the dataset base file, as in MMCV's dataset bases; nothing reads them.
    #expect(merged["dataset_type"] == "FashionMNIST")
    #expect(merged["data_prefix"] == "/usr/share/datasets/fashion-mnist")
    merged["dataset_type"] = nil
    merged["data_prefix"] = nil
    let json = try JSONReader.parse(Array(expectedJSON.utf8), file: "mlp.json").entries
    #expect(canonical(.dict(merged)) == canonical(.dict(json)))
}

@Test func fashionMNISTConfigUsesTheUsualBaseSplit() throws {
    let text = try String(contentsOfFile: configs + "/fashion_mnist/mlp.py", encoding: .utf8)
    let bases = try PythonReader.parse(Array(text.utf8), file: "mlp.py").entries["_base_"]
    #expect(bases == [
        "../_base_/models/mlp.py", "../_base_/datasets/fashion_mnist.py", "../_base_/schedules/schedule_sgd_cosine_15e.py",
        "../_base_/default_runtime.py",
    ])
}

@Test func fashionMNISTConfigDumpsAndReadsBack() throws {
    let config = try ConfigLoader.load(path: configs + "/fashion_mnist/mlp.py")
    for format in ConfigFormat.allCases where format != .json {
        let folder = try TestFolder()
        let path = try folder.write("mlp." + format.rawValue, try config.dump(as: format))
        #expect(try ConfigLoader.load(path: path).entries == config.entries)
    }
}
