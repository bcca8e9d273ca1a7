import PacerConfig
import Testing

/// A nested config with every kind of value.
private let nested: ConfigValue = [
    "model": ["type": "MLP", "hidden": [256, 128], "dropout": 0.1],
    "optimizer": ["type": "SGD", "lr": 1e-05, "momentum": 0.9, "nesterov": false],
    "workflow": [["train", 2], ["val", 1]],
    "work_dir": .null,
    "text": "tab\there \"quoted\" back\\slash é 😀 \u{1}",
    "big": 1.5e300,
    "negative": -7,
    "empty_list": [],
    "empty_dict": [:],
]

@Test func compactLayoutMatchesPythonJSONDumps() {
    let value: ConfigValue = ["a": 1, "b": [1, 2.5], "c": ["d": .null, "e": true]]
    #expect(value.json() == #"{"a": 1, "b": [1, 2.5], "c": {"d": null, "e": true}}"#)
}

@Test func indentedLayoutMatchesPythonJSONDumpsWithIndent() {
    let value: ConfigValue = ["a": 1, "b": [1, 2], "c": [:]]
    #expect(value.json(indent: 2) == "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {}\n}")
}

@Test func emptyContainersRenderAsBrackets() {
    let value: ConfigValue = [[], [:]]
    #expect(value.json() == "[[], {}]")
    #expect(value.json(indent: 4) == "[\n    [],\n    {}\n]")
}

@Test func keysRenderInInsertionOrder() {
    let value: ConfigValue = ["z": 1, "a": 2, "m": 3]
    #expect(value.json() == #"{"z": 1, "a": 2, "m": 3}"#)
}

@Test func tupleRendersAsAnArray() {
    #expect(ConfigValue.tuple(["train", 2]).json() == #"["train", 2]"#)
}

@Test func stringsEscapeQuotesBackslashesAndControls() {
    let value = ConfigValue.string("\"\\\n\r\t\u{08}\u{0C}\u{01}\u{1F}")
    #expect(value.json() == #""\"\\\n\r\t\b\f\u0001\u001f""#)
}

@Test func nonASCIITextIsWrittenAsIs() {
    #expect(ConfigValue.string("é 😀 /").json() == "\"é 😀 /\"")
}

@Test func scalarsRenderAsJSONLiterals() {
    #expect(ConfigValue.null.json() == "null")
    #expect(ConfigValue.bool(false).json() == "false")
    #expect(ConfigValue.int(-42).json() == "-42")
}

@Test func descriptionIsCompactJSON() {
    let value: ConfigValue = ["a": [1, "b"]]
    #expect(value.description == #"{"a": [1, "b"]}"#)
}

@Test func dictRendersAsAnObject() {
    let dict: ConfigDict = ["type": "EMAHook", "momentum": 0.0002]
    #expect(dict.json() == #"{"type": "EMAHook", "momentum": 0.0002}"#)
}

@Test func compactRenderingParsesBackToTheSameValue() throws {
    #expect(try parse(nested.json()) == nested)
}

@Test func indentedRenderingParsesBackToTheSameValue() throws {
    #expect(try parse(nested.json(indent: 4)) == nested)
}
