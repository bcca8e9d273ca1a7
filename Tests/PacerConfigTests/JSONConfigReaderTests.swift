import PacerConfig
import Testing

private func parsedJSON(_ text: String, variables: PredefinedVariables? = nil) throws(ConfigError) -> ParsedConfig {
    try JSONReader.parse(Array(text.utf8), file: "t.json", variables: variables)
}

@Test func jsonConfigBaseReferenceStandsAsAValue() throws {
    let result = try parsedJSON("{\"_base_\": \"a.json\",\n \"model\": {\"hooks\": [1, {{ _base_.hooks }}]}}")
    #expect(result.entries["model"] == ["hooks": [1, "{{_base_.hooks}}"]])
    #expect(result.baseReferences == [
        BaseReference(
            keys: ["hooks"], keyPath: ConfigKeyPath([.key("model"), .key("hooks"), .index(1)]),
            position: SourcePosition(line: 2, column: 25))
    ])
}

@Test func jsonConfigPredefinedVariablesAreReplacedInStringsAndKeys() throws {
    let result = try parsedJSON(#"{"w": "{{fileDirname}}/w", "{{ fileExtname }}": {{fileBasename}}}"#,
                                variables: PredefinedVariables(path: "/c/x.json"))
    #expect(result.entries == ["w": "/c/w", ".json": "x.json"])
}

@Test func jsonConfigRejectsOtherDoubleBraces() {
    let error = errorText { () throws(ConfigError) in try parsedJSON(#"{"a": {{x}}}"#) }
    #expect(error == "t.json:1:7: expected {{ _base_.key }} or a predefined variable such as {{ fileDirname }} after '{{'")
}

@Test func jsonConfigRejectsAReferenceWithAnEmptyKey() {
    let error = errorText { () throws(ConfigError) in try parsedJSON(#"{"a": {{_base_.}}}"#) }
    #expect(error == "t.json:1:7: {{_base_.}} has an empty key")
}

@Test func jsonConfigTopLevelMustBeAnObject() {
    #expect(errorText { () throws(ConfigError) in try parsedJSON("[]") } == "t.json: top level must be a JSON object")
}

@Test func plainJSONReadingLeavesDoubleBracesAlone() {
    #expect(parseError(#"{"a": {{_base_.x}}}"#) == "t.json:1:8: expected a key in double quotes, found '{'")
    #expect(errorText { () throws(ConfigError) in try JSONReader.value(from: Array(#"["{{fileDirname}}"]"#.utf8), file: "t.json") } == nil)
}

@Test func jsonConfigHoldingTooManyValuesIsRefused() {
    let text = "{\"a\": [" + Array(repeating: "0", count: 100_000).joined(separator: ",") + "]}"
    let error = errorText { () throws(ConfigError) in try parsedJSON(text) }
    #expect(error == "t.json:1:200004: the config holds more than 100000 values (counting every nested item)")
}
