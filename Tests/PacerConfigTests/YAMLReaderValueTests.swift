import PacerConfig
import Testing

@Test func yamlMappingsKeepKeyOrder() throws {
    let entries = try yaml("z: 1\na: 2\nm:\n  y: 1\n  b: 2\n")
    #expect(entries.keys == ["z", "a", "m"])
    #expect(entries["m"] == ["y": 1, "b": 2])
}

@Test func yamlBlockAndFlowSequencesAreLists() throws {
    #expect(try yaml("a:\n- 1\n- two\nb: [1, [2, 3]]\nc: []\n") == ["a": [1, "two"], "b": [1, [2, 3]], "c": .list([])])
}

@Test func yamlFlowMappings() throws {
    #expect(try yaml("model: {type: MLP, hidden: [256, 128]}\nempty: {}\n") == [
        "model": ["type": "MLP", "hidden": [256, 128]], "empty": .dict([:]),
    ])
}

@Test func yamlPythonTupleTagMakesATuple() throws {
    #expect(try yaml("workflow:\n- !!python/tuple [train, 1]\n- !!python/tuple\n  - val\n  - 1\n")["workflow"] == [
        .tuple(["train", 1]), .tuple(["val", 1]),
    ])
}

@Test func yamlQuotedAndBlockScalarsAreStrings() throws {
    let text = "a: '1'\nb: \"true\"\nc: |\n  line 1\n  line 2\nd: >\n  folded\n  text\ne: 'it''s'\nf: \"tab\\tend\"\n"
    #expect(try yaml(text) == ["a": "1", "b": "true", "c": "line 1\nline 2\n", "d": "folded text\n", "e": "it's", "f": "tab\tend"])
}

@Test func yamlAnchorsAndAliasesCopyValues() throws {
    #expect(try yaml("base: &lr 0.1\nopt: {lr: *lr}\nhooks: &h [a]\nmore: *h\n") == [
        "base": 0.1, "opt": ["lr": 0.1], "hooks": ["a"], "more": ["a"],
    ])
}

@Test func yamlMergeKeysMergeMappingsExplicitKeysWinning() throws {
    let text = "base: &b {type: SGD, lr: 0.1}\nopt:\n  <<: *b\n  lr: 0.01\n"
    let opt = try yaml(text)["opt"]
    #expect(opt == ["type": "SGD", "lr": 0.01])
}

@Test func yamlMergeKeyListEarlierMappingsWin() throws {
    let text = "a: &a {k: 1, x: 1}\nb: &b {k: 2, y: 2}\nc:\n  <<: [*a, *b]\n"
    #expect(try yaml(text)["c"] == ["k": 1, "y": 2, "x": 1])
}

@Test func yamlKeysAreReadAsStrings() throws {
    #expect(try yaml("1: a\ntrue: b\nnull: c\n") == ["1": "a", "true": "b", "null": "c"])
}

@Test func yamlExplicitStandardTagsAreHonoured() throws {
    #expect(try yaml("a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool yes\ne: !!null ''\nf: !!seq [1]\ng: !!map {k: 1}\nh: ! 12\n") == [
        "a": "12", "b": 12, "c": 1.0, "d": true, "e": .null, "f": [1], "g": ["k": 1], "h": "12",
    ])
}

@Test func yamlEmptyDocumentIsAnEmptyConfig() throws {
    #expect(try yaml("") == [:])
    #expect(try yaml("# nothing here\n") == [:])
}

@Test func yamlBaseReferenceStandingAloneIsNoted() throws {
    let result = try YAMLReader.parse(Array("_base_: a.yaml\nlr: {{ _base_.optimizer.lr }}\n".utf8), file: "t.yaml")
    #expect(result.entries["lr"] == "{{_base_.optimizer.lr}}")
    #expect(result.baseReferences == [
        BaseReference(keys: ["optimizer", "lr"], keyPath: ConfigKeyPath([.key("lr")]), position: SourcePosition(line: 2, column: 5))
    ])
}

@Test func yamlPredefinedVariablesWorkQuotedOrStandingAlone() throws {
    let variables = PredefinedVariables(path: "/c/run.yml")
    #expect(try yaml("a: '{{ fileDirname }}/out'\nb: {{ fileBasename }}\nc: x_{{fileExtname}}\n", variables: variables) == [
        "a": "/c/out", "b": "run.yml", "c": "x_.yml",
    ])
}

@Test func yamlFlowStyleLikeJSONReads() throws {
    #expect(try yaml(#"{"a": [1, {"b": 2}], "c": {"d": [[3]]}}"#) == ["a": [1, ["b": 2]], "c": ["d": [[3]]]])
}

@Test func yamlAliasLikeTextInsideStringsIsText() throws {
    #expect(try yaml("a: '*x : y'\nb: \"? [1]: 2\"\nc: x*y\n") == ["a": "*x : y", "b": "? [1]: 2", "c": "x*y"])
}

@Test func yamlExplicitScalarKeysRead() throws {
    #expect(try yaml("? a\n: 1\n? 'b c'\n: [2]\n") == ["a": 1, "b c": [2]])
}
