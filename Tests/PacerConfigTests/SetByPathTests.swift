import PacerConfig
import Testing

private func sample() -> Config {
    Config(
        file: "configs/x.json",
        entries: [
            "runner": ["type": "EpochBasedRunner", "max_epochs": 12],
            "custom_hooks": [["type": "EMAHook"], ["type": "Other"]],
            "workflow": .list([.tuple(["train", 1])]),
            "lr_config": .null,
            "seed": 0,
        ])
}

@Test func setsATopLevelKey() throws {
    var config = sample()
    try config.set("work_dir", "work_dirs/run1")
    #expect(config.entries["work_dir"] == "work_dirs/run1")
    #expect(config.entries.keys.last == "work_dir")
}

@Test func replacesAnExistingValueInPlace() throws {
    var config = sample()
    try config.set("runner.max_epochs", .int(3))
    #expect(try config.dict("runner").int("max_epochs") == 3)
    #expect(try config.dict("runner").entries.keys == ["type", "max_epochs"])
}

@Test func createsIntermediateDictionaries() throws {
    var config = sample()
    try config.set("optimizer.paramwise.decay", 0.5)
    #expect(config.entries["optimizer"] == ["paramwise": ["decay": 0.5]])
}

@Test func replacesNullOnTheWayWithADictionary() throws {
    var config = sample()
    try config.set("lr_config.policy", "step")
    #expect(config.entries["lr_config"] == ["policy": "step"])
}

@Test func replacesADictionaryWholeRatherThanMerging() throws {
    var config = sample()
    try config.set("runner", ["type": "IterBasedRunner"])
    #expect(config.entries["runner"] == ["type": "IterBasedRunner"])
}

@Test func digitKeyIndexesIntoAList() throws {
    var config = sample()
    try config.set("custom_hooks.1.priority", 10)
    #expect(config.entries["custom_hooks"] == [["type": "EMAHook"], ["type": "Other", "priority": 10]])
}

@Test func digitKeyIndexesIntoATupleAndKeepsItATuple() throws {
    var config = sample()
    try config.set("workflow.0.1", 3)
    #expect(config.entries["workflow"] == .list([.tuple(["train", 3])]))
}

@Test func digitKeyInADictionaryIsAPlainKey() throws {
    var config = sample()
    try config.set("runner.0", true)
    #expect(try config.dict("runner").bool("0"))
}

@Test func settingThroughAScalarNamesTheBlockingKey() {
    var config = sample()
    #expect(errorText { () throws(ConfigError) in try config.set("seed.value", 1) }
        == "configs/x.json: cannot set 'seed.value': 'seed' is integer 0, not a dictionary")
}

@Test func nonDigitKeyIntoAListIsRejected() {
    var config = sample()
    #expect(errorText { () throws(ConfigError) in try config.set("custom_hooks.type", "X") }
        == "configs/x.json: cannot set 'custom_hooks.type': 'custom_hooks' is list of 2 items, not a dictionary")
}

@Test func indexBeyondTheListIsRejected() {
    var config = sample()
    #expect(errorText { () throws(ConfigError) in try config.set("custom_hooks.2.priority", 1) }
        == "configs/x.json: cannot set 'custom_hooks.2.priority': index 2 is out of range for 'custom_hooks' (2 items)")
}

@Test func emptyKeyInThePathIsRejected() {
    var config = sample()
    #expect(errorText { () throws(ConfigError) in try config.set("runner..type", 1) }
        == "configs/x.json: invalid key path 'runner..type': keys between dots must not be empty")
    #expect(errorText { () throws(ConfigError) in try config.set("", 1) }
        == "configs/x.json: invalid key path '': keys between dots must not be empty")
}

@Test func failedSetLeavesTheConfigUnchanged() {
    var config = sample()
    _ = errorText { () throws(ConfigError) in try config.set("custom_hooks.0.type.x", 1) }
    _ = errorText { () throws(ConfigError) in try config.set("custom_hooks.5", 1) }
    #expect(config == sample())
}
