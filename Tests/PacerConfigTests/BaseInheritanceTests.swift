#if canImport(Glibc)
    import Glibc
#endif
import PacerConfig
import Testing

@Test func baseKeysComeFirstAndTheChildAddsItsOwn() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "a = 1\nb = 2\n")
    try folder.write("child.py", "_base_ = './base.py'\nc = 3\n")
    let config = try folder.load("child.py")
    #expect(config.entries == ["a": 1, "b": 2, "c": 3])
    #expect(config.entries.keys == ["a", "b", "c"])
}

@Test func baseKeyIsNotInTheMergedConfig() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "a = 1\n")
    try folder.write("child.py", "_base_ = ['base.py']\n")
    #expect(try folder.load("child.py").entries == ["a": 1])
}

@Test func dictionariesMergeRecursively() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "model = dict(type='MLP', head=dict(num_classes=10, loss='ce'), hidden=[256])\n")
    try folder.write("child.py", "_base_ = 'base.py'\nmodel = dict(head=dict(num_classes=5), act='relu')\n")
    #expect(try folder.load("child.py").entries["model"] == [
        "type": "MLP", "head": ["num_classes": 5, "loss": "ce"], "hidden": [256], "act": "relu",
    ])
}

@Test func listsTuplesAndScalarsReplaceTheBaseValue() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "steps = [6, 9]\nworkflow = [('train', 1), ('val', 1)]\nlr = 0.1\nhooks = [dict(type='A')]\n")
    try folder.write("child.py", "_base_ = 'base.py'\nsteps = [3]\nworkflow = [('train', 1)]\nlr = 0.01\nhooks = []\n")
    #expect(try folder.load("child.py").entries == [
        "steps": [3], "workflow": [.tuple(["train", 1])], "lr": 0.01, "hooks": .list([]),
    ])
}

@Test func deleteKeyReplacesTheBaseDictionary() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "optimizer = dict(type='SGD', lr=0.1, momentum=0.9)\n")
    try folder.write("child.py", "_base_ = 'base.py'\noptimizer = dict(_delete_=True, type='Adam', lr=0.001)\n")
    #expect(try folder.load("child.py").entries["optimizer"] == ["type": "Adam", "lr": 0.001])
}

@Test func deleteKeyFalseStillMerges() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "optimizer = dict(type='SGD', lr=0.1)\n")
    try folder.write("child.py", "_base_ = 'base.py'\noptimizer = dict(_delete_=False, lr=0.2)\n")
    #expect(try folder.load("child.py").entries["optimizer"] == ["type": "SGD", "lr": 0.2])
}

@Test func deleteKeyNeverReachesTheMergedConfig() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "a = 1\n")
    try folder.write("child.py", "_base_ = 'base.py'\nnew = dict(_delete_=True, x=dict(_delete_=True, y=1), l=[dict(_delete_=True)])\n")
    #expect(try folder.load("child.py").entries["new"] == ["x": ["y": 1], "l": [.dict([:])]])
}

@Test func deleteKeyIsRemovedFromAFileWithoutBases() throws {
    let folder = try TestFolder()
    try folder.write("only.py", "model = dict(_delete_=True, type='X')\n")
    #expect(try folder.load("only.py").entries == ["model": ["type": "X"]])
}

@Test func aDictionaryReplacesNoneInTheBase() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "optimizer_config = dict(grad_clip=None)\n")
    try folder.write("child.py", "_base_ = 'base.py'\noptimizer_config = dict(grad_clip=dict(max_norm=35, norm_type=2))\n")
    #expect(try folder.load("child.py").entries["optimizer_config"] == ["grad_clip": ["max_norm": 35, "norm_type": 2]])
}

@Test func aDictionaryCannotMergeIntoANonDictionary() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "model = dict(hidden=[256, 128])\n")
    try folder.write("child.py", "_base_ = 'base.py'\nmodel = dict(hidden=dict(size=3))\n")
    #expect(folder.loadError("child.py")
        == "$F/child.py: 'model.hidden' is a dictionary here but list of 2 items in the base config; "
        + "add _delete_=True to it to replace the base value")
}

@Test func severalBasesAreUnitedInOrder() throws {
    let folder = try TestFolder()
    try folder.write("_base_/models/m.py", "model = dict(type='M')\n")
    try folder.write("_base_/schedules/s.py", "optimizer = dict(type='SGD')\nrunner = dict(max_epochs=12)\n")
    try folder.write("exp/child.py", "_base_ = ['../_base_/models/m.py', '../_base_/schedules/s.py']\nrunner = dict(max_epochs=24)\n")
    let config = try folder.load("exp/child.py")
    #expect(config.entries.keys == ["model", "optimizer", "runner"])
    #expect(config.entries["runner"] == ["max_epochs": 24])
}

@Test func siblingBasesMayNotShareAKey() throws {
    let folder = try TestFolder()
    try folder.write("a.py", "model = 1\nx = 1\n")
    try folder.write("b.py", "model = 2\n")
    try folder.write("child.py", "_base_ = ['a.py', 'b.py']\n")
    #expect(folder.loadError("child.py")
        == "$F/child.py: key 'model' is set by two bases, $F/a.py and $F/b.py (a key may come from one base only)")
}

@Test func basesChainThroughSeveralLevels() throws {
    let folder = try TestFolder()
    try folder.write("a.py", "model = dict(depth=1, width=1)\n")
    try folder.write("sub/b.py", "_base_ = '../a.py'\nmodel = dict(depth=2)\n")
    try folder.write("sub/deeper/c.py", "_base_ = '../b.py'\nmodel = dict(width=3)\n")
    #expect(try folder.load("sub/deeper/c.py").entries == ["model": ["depth": 2, "width": 3]])
}

@Test func basesMayBeOfAnyFormat() throws {
    let folder = try TestFolder()
    try folder.write("a.json", #"{"optimizer": {"type": "SGD", "lr": 0.1}}"#)
    try folder.write("b.yaml", "runner:\n  type: EpochBasedRunner\n  max_epochs: 12\n")
    try folder.write("c.yml", "workflow:\n- !!python/tuple [train, 1]\n")
    try folder.write("child.py", "_base_ = ['a.json', 'b.yaml', 'c.yml']\noptimizer = dict(lr=0.2)\n")
    #expect(try folder.load("child.py").entries == [
        "optimizer": ["type": "SGD", "lr": 0.2], "runner": ["type": "EpochBasedRunner", "max_epochs": 12],
        "workflow": [.tuple(["train", 1])],
    ])
}

@Test func jsonAndYAMLChildrenHaveBasesToo() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "model = dict(a=1, b=2)\n")
    try folder.write("child.json", #"{"_base_": "base.py", "model": {"b": 3}}"#)
    try folder.write("child.yaml", "_base_: [base.py]\nmodel: {a: 0}\n")
    #expect(try folder.load("child.json").entries == ["model": ["a": 1, "b": 3]])
    #expect(try folder.load("child.yaml").entries == ["model": ["a": 0, "b": 2]])
}

@Test func missingBaseNamesTheFileThatReferencesIt() throws {
    let folder = try TestFolder()
    try folder.write("exp/child.py", "_base_ = ['../_base_/nope.py']\n")
    #expect(folder.loadError("exp/child.py")
        == "$F/exp/child.py: _base_ '../_base_/nope.py' does not exist (looked for $F/_base_/nope.py)")
}

@Test func cycleOfBasesIsNamed() throws {
    let folder = try TestFolder()
    try folder.write("a.py", "_base_ = 'b.py'\n")
    try folder.write("b.py", "_base_ = 'sub/c.py'\n")
    try folder.write("sub/c.py", "_base_ = '../a.py'\n")
    #expect(folder.loadError("a.py") == "$F/sub/c.py: _base_ files form a cycle: $F/a.py -> $F/b.py -> $F/sub/c.py -> $F/a.py")
}

@Test func fileThatIsItsOwnBaseIsACycle() throws {
    let folder = try TestFolder()
    try folder.write("self.py", "_base_ = './self.py'\n")
    #expect(folder.loadError("self.py") == "$F/self.py: _base_ files form a cycle: $F/self.py -> $F/self.py")
}

@Test func baseMustBeAPathOrAListOfPaths() throws {
    let folder = try TestFolder()
    try folder.write("a.py", "_base_ = 3\n")
    try folder.write("b.py", "_base_ = ['x.py', 4]\n")
    #expect(folder.loadError("a.py") == "$F/a.py: '_base_' must be a path or a list of paths, got integer 3")
    #expect(folder.loadError("b.py") == "$F/b.py: '_base_.1' must be a path, got integer 4")
}

@Test func errorsInsideABaseNameTheBase() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "a = 1\nb = import_me()\n")
    try folder.write("child.py", "_base_ = 'base.py'\n")
    #expect(folder.loadError("child.py") == "$F/base.py:2:5: unsupported Python construct 'call to import_me()'")
}

@Test func baseWithAnUnsupportedFormatIsNamed() throws {
    let folder = try TestFolder()
    try folder.write("base.txt", "a = 1\n")
    try folder.write("child.py", "_base_ = 'base.txt'\n")
    #expect(folder.loadError("child.py") == "$F/base.txt: unsupported config format '.txt' (supported: .py, .json, .yaml, .yml)")
}

@Test func aBaseSharedByManyFilesIsReadOncePerRunSoADiamondLoads() throws {
    // Each file of level k names both files of level k+1, 18 levels deep: 2^18 paths lead
    // to the last level, which read once per path would take minutes (issue 19: 8.4 s for
    // mmcv's own reader); read once per file it takes milliseconds. Only the top file sets a
    // key, since sibling bases may not share one.
    let folder = try TestFolder()
    for level in 0..<18 {
        for side in ["a", "b"] {
            try folder.write("l\(level)\(side).py", "_base_ = ['l\(level + 1)a.py', 'l\(level + 1)b.py']\n")
        }
    }
    try folder.write("l18a.py", "")
    try folder.write("l18b.py", "")
    try folder.write("top.py", "_base_ = ['l0a.py', 'l0b.py']\nx = 1\n")
    #expect(try folder.load("top.py").entries == ["x": 1])
}

@Test func devicesAndFIFOsAreRefusedAsConfigsAndBases() throws {
    #expect(errorText { () throws(ConfigError) in try ConfigLoader.load(path: "/dev/zero") }
        == "/dev/zero: cannot read config file: not a regular file (a character device)")
    let folder = try TestFolder()
    try folder.write("zero.py", "_base_ = '/dev/zero'\n")
    #expect(folder.loadError("zero.py") == "/dev/zero: cannot read config file: not a regular file (a character device)")
    #expect(mkfifo(folder.path + "/fifo.py", 0o600) == 0)
    try folder.write("piped.py", "_base_ = 'fifo.py'\n")
    #expect(folder.loadError("piped.py") == "$F/fifo.py: cannot read config file: not a regular file (a FIFO)")
    #expect(folder.loadError("fifo.py") == "$F/fifo.py: cannot read config file: not a regular file (a FIFO)")
}

@Test func aConfigFileLargerThanTheLimitIsRefused() throws {
    let folder = try TestFolder()
    try folder.write("big.py", "x = 1\n" + String(repeating: "#", count: 17 << 20) + "\n")
    #expect(folder.loadError("big.py") == "$F/big.py: cannot read config file: larger than 16 MiB (the most a config may hold)")
}
