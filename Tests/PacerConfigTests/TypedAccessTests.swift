import PacerConfig
import Testing

/// A config as `configs/x.json` would hold it.
private let config = Config(
    file: "configs/x.json",
    entries: [
        "runner": ["type": "EpochBasedRunner", "max_epochs": "ten", "max_iters": 100],
        "lr": 0.1,
        "warmup": 5,
        "log": true,
        "resume_from": .null,
        "custom_hooks": [["type": "EMAHook", "priority": "high"]],
        "workflow": .list([.tuple(["train", 2]), .tuple(["val", 1])]),
    ])

@Test func readsNestedValuesByKey() throws {
    #expect(try config.dict("runner").int("max_iters") == 100)
    #expect(try config.dict("runner").string("type") == "EpochBasedRunner")
    #expect(try config.bool("log"))
    #expect(try config.double("lr") == 0.1)
}

@Test func missingKeyNamesTheFullDottedPath() {
    #expect(errorText { () throws(ConfigError) in try config.dict("runner").int("max_epoch") }
        == "configs/x.json: missing key 'runner.max_epoch'")
}

@Test func wrongTypeNamesThePathAndTheValueFound() {
    #expect(errorText { () throws(ConfigError) in try config.dict("runner").int("max_epochs") }
        == #"configs/x.json: 'runner.max_epochs' must be an integer, got string "ten""#)
}

@Test func listItemErrorsNameTheIndex() {
    let error = errorText { () throws(ConfigError) in try config.list("custom_hooks")[0].dict().int("priority") }
    #expect(error == #"configs/x.json: 'custom_hooks.0.priority' must be an integer, got string "high""#)
}

@Test func integerReadsAsDouble() throws {
    #expect(try config.double("warmup") == 5.0)
}

@Test func doubleDoesNotReadAsInteger() {
    #expect(errorText { () throws(ConfigError) in try config.int("lr") }
        == "configs/x.json: 'lr' must be an integer, got float 0.1")
}

@Test func stringDoesNotReadAsNumber() {
    #expect(errorText { () throws(ConfigError) in try config.dict("runner").double("type") }
        == #"configs/x.json: 'runner.type' must be a number, got string "EpochBasedRunner""#)
}

@Test func nonBooleanDoesNotReadAsBoolean() {
    #expect(errorText { () throws(ConfigError) in try config.bool("warmup") }
        == "configs/x.json: 'warmup' must be a boolean, got integer 5")
}

@Test func nonStringDoesNotReadAsString() {
    #expect(errorText { () throws(ConfigError) in try config.string("log") }
        == "configs/x.json: 'log' must be a string, got boolean true")
}

@Test func nonDictDoesNotReadAsDict() {
    #expect(errorText { () throws(ConfigError) in try config.dict("custom_hooks") }
        == "configs/x.json: 'custom_hooks' must be a dictionary, got list of 1 item")
}

@Test func nonListDoesNotReadAsList() {
    #expect(errorText { () throws(ConfigError) in try config.list("runner") }
        == "configs/x.json: 'runner' must be a list, got dictionary with 3 keys")
}

@Test func requiredReadOfNullIsAWrongType() {
    #expect(errorText { () throws(ConfigError) in try config.string("resume_from") }
        == "configs/x.json: 'resume_from' must be a string, got null")
}

@Test func defaultIsUsedWhenTheKeyIsMissing() throws {
    #expect(try config.int("seed", default: 42) == 42)
    #expect(try config.double("momentum", default: 0.9) == 0.9)
    #expect(try config.bool("deterministic", default: false) == false)
    #expect(try config.string("work_dir", default: "work_dirs") == "work_dirs")
}

@Test func defaultIsUsedWhenTheValueIsNull() throws {
    #expect(try config.string("resume_from", default: "none") == "none")
}

@Test func defaultIsIgnoredWhenTheKeyIsPresent() throws {
    #expect(try config.int("warmup", default: 0) == 5)
}

@Test func defaultReadStillChecksTheType() {
    #expect(errorText { () throws(ConfigError) in try config.int("lr", default: 1) }
        == "configs/x.json: 'lr' must be an integer, got float 0.1")
}

@Test func optionalReadIsNilForMissingOrNull() throws {
    #expect(try config.optionalInt("seed") == nil)
    #expect(try config.optionalString("resume_from") == nil)
    #expect(try config.optionalDict("optimizer") == nil)
    #expect(try config.optionalList("resume_from") == nil)
    #expect(config.optionalValue("resume_from") == nil)
}

@Test func optionalReadReturnsThePresentValue() throws {
    #expect(try config.optionalDouble("lr") == 0.1)
    #expect(try config.optionalBool("log") == true)
    #expect(try config.optionalDict("runner")?.int("max_iters") == 100)
    #expect(try config.optionalList("custom_hooks")?.count == 1)
}

@Test func optionalReadStillChecksTheType() {
    #expect(errorText { () throws(ConfigError) in try config.optionalInt("log") }
        == "configs/x.json: 'log' must be an integer, got boolean true")
}

@Test func listReadsTuplesAndKeepsTheirPaths() throws {
    let flows = try config.list("workflow")
    #expect(try flows.map { node throws(ConfigError) in try node.list()[0].string() } == ["train", "val"])
    #expect(try flows[1].list()[1].int() == 1)
    #expect(flows[1].keyPath.description == "workflow.1")
}

@Test func nodeKeepsFileAndKeyPath() throws {
    let node = try config.dict("runner").value("max_iters")
    #expect(node == ConfigNode(file: "configs/x.json", keyPath: ConfigKeyPath([.key("runner"), .key("max_iters")]), value: 100))
}

@Test func keyPathOfTheTopLevelIsEmpty() {
    #expect(config.keyPath.components.isEmpty)
    #expect(config.keyPath.description == "")
}
