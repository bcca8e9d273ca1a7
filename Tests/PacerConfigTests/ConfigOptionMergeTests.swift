import PacerConfig
import Testing

private func sample() -> Config {
    Config(
        file: "configs/x.py",
        entries: [
            "model": ["type": "MLP", "hidden": [256, 128]],
            "optimizer": ["type": "SGD", "lr": 0.1],
            "optimizer_config": ["grad_clip": .null],
            "custom_hooks": [["type": "EMAHook", "momentum": 0.01], ["type": "Other"]],
            "workflow": [.tuple(["train", 1]), .tuple(["val", 1])],
            "seed": 0,
        ])
}

private func merged(_ arguments: String...) throws(ConfigError) -> Config {
    var config = sample()
    try config.merge(ConfigOption.parse(arguments))
    return config
}

private func mergeError(_ arguments: String...) -> String? {
    var config = sample()
    return errorText { () throws(ConfigError) in try config.merge(ConfigOption.parse(arguments)) }
}

@Test func optionsReplaceScalarsAtDottedKeys() throws {
    let config = try merged("optimizer.lr=0.01", "seed=3")
    #expect(config.entries["optimizer"] == ["type": "SGD", "lr": 0.01])
    #expect(config.entries["seed"] == 3)
}

@Test func optionsAddNewKeysAndDictionaries() throws {
    let config = try merged("runner.max_epochs=2", "optimizer.nesterov=True")
    #expect(config.entries["runner"] == ["max_epochs": 2])
    #expect(config.entries["optimizer"] == ["type": "SGD", "lr": 0.1, "nesterov": true])
    #expect(config.entries.keys.last == "runner")
}

@Test func optionsReplaceListsWhole() throws {
    #expect(try merged("model.hidden=[64]").entries["model"] == ["type": "MLP", "hidden": [64]])
    #expect(try merged("workflow=[(train,1)]").entries["workflow"] == [.tuple(["train", 1])])
}

@Test func optionsIndexListsWithNumbers() throws {
    let config = try merged("custom_hooks.0.momentum=0.5", "custom_hooks.1.priority=40")
    #expect(config.entries["custom_hooks"] == [["type": "EMAHook", "momentum": 0.5], ["type": "Other", "priority": 40]])
}

@Test func optionsReplaceAListItemWhole() throws {
    #expect(try merged("model.hidden.1=64").entries["model"] == ["type": "MLP", "hidden": [256, 64]])
}

@Test func optionsIndexTuplesToo() throws {
    #expect(try merged("workflow.1.1=2").entries["workflow"] == [.tuple(["train", 1]), .tuple(["val", 2])])
}

@Test func optionIndexPastTheEndIsAnError() {
    #expect(mergeError("custom_hooks.2.priority=40")
        == "configs/x.py: cannot set 'custom_hooks.2.priority': index 2 is out of range for 'custom_hooks' (2 items)")
}

@Test func optionKeyUnderAListMustBeANumber() {
    #expect(mergeError("custom_hooks.type=X")
        == "configs/x.py: cannot set 'custom_hooks.type': 'custom_hooks' is list of 2 items, not a dictionary")
}

@Test func optionThroughAScalarIsAnError() {
    #expect(mergeError("seed.value=1") == "configs/x.py: cannot set 'seed.value': 'seed' is integer 0, not a dictionary")
}

@Test func optionDictionaryReplacesNone() throws {
    #expect(try merged("optimizer_config.grad_clip.max_norm=35").entries["optimizer_config"] == ["grad_clip": ["max_norm": 35]])
}

@Test func optionDeleteReplacesTheDictionaryWithTheOtherOptions() throws {
    let config = try merged("optimizer.type=Adam", "optimizer._delete_=True", "optimizer.lr=0.001")
    #expect(config.entries["optimizer"] == ["type": "Adam", "lr": 0.001])
}

@Test func laterOptionWithTheSameKeyWins() throws {
    #expect(try merged("seed=1", "seed=2").entries["seed"] == 2)
}

@Test func optionsThatCollideAreAnError() {
    #expect(mergeError("a=1", "a.b=2") == "--cfg-options: 'a.b' goes through a key another option sets to a value")
}

@Test func noOptionsLeaveTheConfigAlone() throws {
    #expect(try merged() == sample())
}

@Test func optionWithTwoThousandKeysBuildsTheNestedDictionaries() throws {
    let keys = (0..<2000).map { "k\($0)" }
    var config = Config(file: "c.py", entries: ["k0": ["old": 1]])
    try config.merge([try ConfigOption(parsing: keys.joined(separator: ".") + "=7")])
    var value = config.entries["k0"]
    func child(_ value: ConfigValue?, _ key: String) -> ConfigValue? {
        guard case .dict(let dict)? = value else { return nil }
        return dict[key]
    }
    #expect(child(value, "old") == 1)
    for key in keys.dropFirst() { value = child(value, key) }
    #expect(value == 7)
}
