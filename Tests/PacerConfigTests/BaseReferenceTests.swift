import PacerConfig
import Testing

@Test func referenceTakesTheValueFromTheBases() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "optimizer = dict(type='SGD', lr=0.1)\nmodel = dict(hidden=[256, 128])\n")
    try folder.write("child.py", "_base_ = 'base.py'\nlr = {{_base_.optimizer.lr}}\nhidden = {{ _base_.model.hidden }}\n")
    let entries = try folder.load("child.py").entries
    #expect(entries["lr"] == 0.1)
    #expect(entries["hidden"] == [256, 128])
}

@Test func referenceSeesTheBaseValueNotTheChildsOverride() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "lr = 0.1\n")
    try folder.write("child.py", "_base_ = 'base.py'\nlr = 0.2\nold_lr = {{_base_.lr}}\n")
    #expect(try folder.load("child.py").entries == ["lr": 0.2, "old_lr": 0.1])
}

@Test func referenceCopiesAWholeDictionaryEvenThroughNames() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "train_pipeline = [dict(type='Load'), dict(type='Flip')]\ndata = dict(train=dict(pipeline=train_pipeline))\n")
    try folder.write(
        "child.py",
        "_base_ = 'base.py'\npipeline = {{_base_.train_pipeline}}\ndata = dict(train=dict(pipeline=pipeline), val=dict(pipeline=pipeline))\n")
    let data = try folder.load("child.py").entries["data"]
    let pipeline: ConfigValue = [["type": "Load"], ["type": "Flip"]]
    #expect(data == ["train": ["pipeline": pipeline], "val": ["pipeline": pipeline]])
}

@Test func referenceWorksInJSONAndYAMLChildren() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "lr = 0.1\n")
    try folder.write("child.json", #"{"_base_": "base.py", "copy": {{ _base_.lr }}}"#)
    try folder.write("child.yaml", "_base_: base.py\ncopy: {{ _base_.lr }}\n")
    #expect(try folder.load("child.json").entries == ["lr": 0.1, "copy": 0.1])
    #expect(try folder.load("child.yaml").entries == ["lr": 0.1, "copy": 0.1])
}

@Test func referenceToAMissingKeyIsReportedWhereItIsWritten() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "optimizer = dict(lr=0.1)\n")
    try folder.write("child.py", "_base_ = 'base.py'\nx = dict(\n    lr={{_base_.optimizer.momentum}})\n")
    #expect(folder.loadError("child.py") == "$F/child.py:3:8: {{_base_.optimizer.momentum}}: the bases have no key 'optimizer.momentum'")
}

@Test func referenceThroughANonDictionaryIsAnError() throws {
    let folder = try TestFolder()
    try folder.write("base.py", "hooks = [dict(type='A')]\n")
    try folder.write("child.py", "_base_ = 'base.py'\nx = {{_base_.hooks.0}}\n")
    #expect(folder.loadError("child.py")
        == "$F/child.py:2:5: {{_base_.hooks.0}}: 'hooks' is list of 1 item in the bases, not a dictionary (references name dictionary keys only)")
}

@Test func referenceWithoutBasesIsAnError() throws {
    let folder = try TestFolder()
    try folder.write("alone.py", "x = 1\ny = {{_base_.x}}\n")
    #expect(folder.loadError("alone.py") == "$F/alone.py:2:5: {{_base_.x}}: this file has no _base_ to take it from")
}

@Test func predefinedVariablesNameEachFileItself() throws {
    let folder = try TestFolder()
    try folder.write("sub/base.py", "base_name = '{{ fileBasename }}'\nbase_dir = '{{ fileDirname }}'\n")
    try folder.write("child.py", "_base_ = 'sub/base.py'\nname = '{{fileBasenameNoExtension}}'\nwork_dir = './work_dirs/{{ fileBasenameNoExtension }}'\n")
    let entries = try folder.load("child.py").entries
    #expect(entries["base_name"] == "base.py")
    #expect(entries["base_dir"] == .string(folder.path + "/sub"))
    #expect(entries["name"] == "child")
    #expect(entries["work_dir"] == "./work_dirs/child")
}
