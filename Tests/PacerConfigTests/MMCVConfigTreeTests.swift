import PacerConfig
import Testing

/// The tree with tuples turned into lists, as JSON holds it.
func tuplesAsLists(_ value: ConfigValue) -> ConfigValue {
    switch value {
    case .dict(let dict): .dict(ConfigDict(dict.map { ($0.key, tuplesAsLists($0.value)) }))
    case .list(let items), .tuple(let items): .list(items.map(tuplesAsLists))
    default: value
    }
}

@Test func mmdetectionStyleExperimentMergesItsBases() throws {
    let folder = try TestFolder()
    let paths = try MMCVFixtures.writeDetectionTree(in: folder)
    let config = try ConfigLoader.load(path: paths.oneX)
    let entries = config.entries
    #expect(entries.keys.first == "model")
    #expect(try config.dict("model").dict("backbone").int("depth") == 101)
    #expect(try config.dict("model").dict("backbone").dict("init_cfg").entries == [
        "type": "Pretrained", "checkpoint": "torchvision://resnet101",
    ])
    #expect(try config.dict("model").dict("backbone").value("out_indices").value == .tuple([0, 1, 2, 3]))
    #expect(entries["optimizer"] == ["type": "SGD", "lr": 0.01, "momentum": 0.9, "weight_decay": 0.0001])
    #expect(entries["optimizer_config"] == ["grad_clip": ["max_norm": 35, "norm_type": 2]])
    #expect(entries["workflow"] == [.tuple(["train", 1])])
    #expect(entries["load_from"] == .null)
    #expect(try config.dict("data").dict("train").string("ann_file") == "data/coco/annotations/instances_train2017.json")
    let normalize = try config.dict("data").dict("train").list("pipeline")[4].value
    #expect(normalize == [
        "type": "Normalize", "mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375], "to_rgb": true,
    ])
}

@Test func mmdetectionStyleScheduleOverrideMergesIntoTheInheritedSchedule() throws {
    let folder = try TestFolder()
    let config = try ConfigLoader.load(path: try MMCVFixtures.writeDetectionTree(in: folder).twoX)
    #expect(config.entries["lr_config"] == [
        "policy": "step", "warmup": "linear", "warmup_iters": 500, "warmup_ratio": 0.001, "step": [16, 22],
    ])
    #expect(config.entries["runner"] == ["type": "EpochBasedRunner", "max_epochs": 24])
}

@Test func mmclassificationStyleScheduleCanBeSwappedWithDelete() throws {
    let folder = try TestFolder()
    try folder.write("_base_/schedules/imagenet_bs256_coslr.py", MMCVFixtures.scheduleCosine)
    try folder.write("_base_/default_runtime.py", MMCVFixtures.defaultRuntime)
    try folder.write(
        "resnet/exp.py",
        "_base_ = ['../_base_/schedules/imagenet_bs256_coslr.py', '../_base_/default_runtime.py']\n"
            + "lr_config = dict(_delete_=True, policy='step', step=[30, 60, 90])\n"
            + "checkpoint_config = dict(interval={{_base_.runner.max_epochs}})\n")
    let config = try folder.load("resnet/exp.py")
    #expect(config.entries["lr_config"] == ["policy": "step", "step": [30, 60, 90]])
    #expect(config.entries["checkpoint_config"] == ["interval": 100])
}

@Test func mmdetectionStyleMergedConfigDumpsAndReadsBackInEveryFormat() throws {
    let folder = try TestFolder()
    let config = try ConfigLoader.load(path: try MMCVFixtures.writeDetectionTree(in: folder).twoX)
    let py = try folder.write("dump/merged.py", try config.dump(as: .py))
    let yaml = try folder.write("dump/merged.yaml", try config.dump(as: .yaml))
    let json = try folder.write("dump/merged.json", try config.dump(as: .json))
    #expect(try ConfigLoader.load(path: py).entries == config.entries)
    #expect(try ConfigLoader.load(path: yaml).entries == config.entries)
    #expect(tuplesAsLists(.dict(try ConfigLoader.load(path: json).entries)) == tuplesAsLists(.dict(config.entries)))
}

@Test func mmdetectionStyleDumpLooksLikePrettyText() throws {
    let folder = try TestFolder()
    let config = try ConfigLoader.load(path: try MMCVFixtures.writeDetectionTree(in: folder).twoX)
    let text = try config.dump(as: .py)
    #expect(text.contains("\noptimizer = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0001)\n"))
    #expect(text.contains("\nworkflow = [('train', 1)]\n"))
    #expect(text.contains("\nload_from = None\n"))
    #expect(text.contains("        out_indices=(0, 1, 2, 3),\n"))
}
