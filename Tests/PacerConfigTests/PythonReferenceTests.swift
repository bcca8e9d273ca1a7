import PacerConfig
import Testing

private func parsed(_ text: String) throws(ConfigError) -> ParsedConfig {
    try PythonReader.parse(Array(text.utf8), file: "t.py")
}

@Test func pythonBaseReferenceLeavesItsTextAndNotesWhereItStands() throws {
    let result = try parsed("_base_ = 'a.py'\nmodel = dict(lr={{_base_.optimizer.lr}})\n")
    #expect(result.entries["model"] == ["lr": "{{_base_.optimizer.lr}}"])
    #expect(result.baseReferences == [
        BaseReference(
            keys: ["optimizer", "lr"], keyPath: ConfigKeyPath([.key("model"), .key("lr")]),
            position: SourcePosition(line: 2, column: 17))
    ])
}

@Test func pythonBaseReferenceMayHaveSpacesInsideTheBraces() throws {
    #expect(try parsed("x = {{ _base_.a }}\n").baseReferences.map(\.keys) == [["a"]])
}

@Test func pythonBaseReferenceFollowsNamesIntoEveryPlaceTheyAreUsed() throws {
    let result = try parsed("x = {{_base_.a}}\ny = [x, dict(k=x)]\n")
    #expect(result.baseReferences.map(\.keyPath.description) == ["x", "y.0", "y.1.k"])
}

@Test func pythonBaseReferenceCannotTakePartInArithmetic() {
    #expect(pyError("x = {{_base_.a}} + 1\n")
        == "t.py:1:18: a {{_base_.x}} reference must stand alone as a whole value (it is replaced after the file is read)")
}

@Test func pythonBaseReferenceCannotBeADictionaryKey() {
    #expect(pyError("x = { {{_base_.a}}: 1 }\n") == "t.py:1:7: a {{_base_.x}} reference cannot be a dictionary key")
}

@Test func pythonBaseReferenceWithAnEmptyKeyIsRejected() {
    #expect(pyError("x = {{_base_.a..b}}\n") == "t.py:1:5: {{_base_.a..b}} has an empty key")
}

@Test func pythonPredefinedVariablesAreReplacedInsideStrings() throws {
    let variables = PredefinedVariables(path: "/work/configs/mlp.py")
    let text = "a = '{{ fileDirname }}/x'\nb = \"{{fileBasename}}\"\nc = 'abc_{{ fileBasenameNoExtension }}'\nd = '{{fileExtname}}'\n"
    #expect(try py(text, variables: variables) == ["a": "/work/configs/x", "b": "mlp.py", "c": "abc_mlp", "d": ".py"])
}

@Test func pythonPredefinedVariableStandingAloneIsItsValue() throws {
    #expect(try py("w = {{ fileBasenameNoExtension }}\n", variables: PredefinedVariables(path: "a/b/run.py")) == ["w": "run"])
}

@Test func pythonPredefinedVariablesStayAsWrittenWhenNotGiven() throws {
    #expect(try py("a = '{{ fileDirname }}'\n") == ["a": "{{ fileDirname }}"])
}

@Test func pythonOtherDoubleBraceWordsAreNotVariables() throws {
    #expect(try py("a = '{{ other }}'\n") == ["a": "{{ other }}"])
}

@Test func predefinedVariablesOfARelativePathAreAbsolute() {
    let variables = PredefinedVariables(path: "configs/../configs/mlp.py")
    #expect(variables.fileDirname.hasPrefix("/"))
    #expect(variables.fileDirname.hasSuffix("/configs"))
    #expect(!variables.fileDirname.contains(".."))
}
