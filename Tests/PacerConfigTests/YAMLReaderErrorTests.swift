import PacerConfig
import Testing

@Test func yamlSyntaxErrorsGiveLineColumnAndContext() {
    #expect(yamlError("a: [1, 2\nb: 3\n")
        == "t.yaml:2:2: did not find expected ',' or ']' (while parsing a flow sequence at 1:4)")
}

@Test func yamlBadIndentationIsAnError() {
    #expect(yamlError("a:\n  b: 1\n c: 2\n")
        == "t.yaml:3:2: did not find expected key (while parsing a block mapping at 1:1)")
}

@Test func yamlDuplicateKeysAreAnError() {
    #expect(yamlError("a: 1\nb: 2\na: 3\n") == "t.yaml:1:1: duplicate key 'a' in a mapping")
    #expect(yamlError("m:\n  1: a\n  '1': b\n") == "t.yaml:3:3: duplicate key '1'")
}

@Test func yamlTopLevelMustBeAMapping() {
    #expect(yamlError("- 1\n- 2\n") == "t.yaml: top level must be a YAML mapping")
}

@Test func yamlSecondDocumentIsAnError() {
    #expect(yamlError("a: 1\n---\nb: 2\n") == "t.yaml:2:1: but found another document (expected a single document in the stream at 1:1)")
}

@Test func yamlUnknownAliasIsAnError() {
    #expect(yamlError("a: *nope\n") == "t.yaml:1:4: found undefined alias")
}

@Test func yamlOtherTagsAreRefused() {
    #expect(yamlError("a: !!python/object:os.system [ls]\n") == "t.yaml:1:4: unsupported YAML tag '!!python/object:os.system'")
    #expect(yamlError("a: !custom 1\n") == "t.yaml:1:4: unsupported YAML tag '!custom'")
    #expect(yamlError("a: !!binary aGk=\n") == "t.yaml:1:4: unsupported YAML tag '!!binary'")
}

@Test func yamlTaggedScalarThatDoesNotMatchItsTag() {
    #expect(yamlError("a: !!int abc\n") == "t.yaml:1:4: 'abc' is not a valid !!int")
}

@Test func yamlNonScalarKeysAreRefused() {
    #expect(yamlError("[a, b]: 1\n") == "t.yaml:1:1: mapping keys must be scalars")
    #expect(yamlError("? [a, b]\n: 1\n") == "t.yaml:1:1: mapping keys must be scalars")
    #expect(yamlError("? - a\n: 1\n") == "t.yaml:1:1: mapping keys must be scalars")
    #expect(yamlError("?\n  a\n: 1\n") == "t.yaml:1:1: an explicit key ('?') must be followed by the key on the same line")
    #expect(yamlError("k: &k key\n? *k\n: 1\n") == "t.yaml:2:3: an alias cannot be a mapping key")
}

@Test func yamlAliasKeysAreRefusedBeforeParsing() {
    #expect(yamlError("k: &k key\n*k : 1\n") == "t.yaml:2:1: an alias cannot be a mapping key")
}

@Test func yamlMergeKeyNeedsMappings() {
    #expect(yamlError("a:\n  <<: 1\n") == "t.yaml:2:7: the value of '<<' must be a mapping or a list of mappings")
}

@Test func yamlAliasExpansionIsBounded() {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...6 {
        text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    #expect(yamlError(text)?.hasSuffix(
        "the config holds more than 100000 values (counting every nested item), each use of an alias again") == true)
}

@Test func yamlNestingBeyondTheLimitIsRefused() {
    // The top-level mapping is the first level.
    let atLimit = "a: " + String(repeating: "[", count: 255) + String(repeating: "]", count: 255) + "\n"
    let beyond = "a: " + String(repeating: "[", count: 256) + String(repeating: "]", count: 256) + "\n"
    #expect(yamlError(atLimit) == nil)
    #expect(yamlError(beyond) == "t.yaml:1:259: mappings and sequences nested deeper than 256 levels")
}

@Test func yamlInvalidUTF8IsReportedWhereItStarts() {
    let bytes = Array("a: 1\nb: x".utf8) + [0xFF]
    let error = errorText { () throws(ConfigError) in try YAMLReader.parse(bytes, file: "t.yaml") }
    #expect(error == "t.yaml:2:5: invalid UTF-8 byte sequence (save the file as UTF-8)")
}

@Test func yamlControlCharactersAreRejected() {
    #expect(yamlError("a: b\u{01}\n") == "t.yaml:1:5: control characters are not allowed")
}

@Test func yamlBaseReferenceWithAnEmptyKeyIsAnError() {
    #expect(yamlError("a: {{ _base_. }}\n") == "t.yaml:1:4: {{_base_.}} has an empty key")
}
