import PacerConfig
import Testing

/// The value `--cfg-options k=<text>` gives.
private func option(_ text: String) throws(ConfigError) -> ConfigValue {
    try ConfigOption(parsing: "k=" + text).value
}

private func optionError(_ argument: String) -> String? {
    errorText { () throws(ConfigError) in try ConfigOption(parsing: argument) }
}

@Test func optionKeyIsSplitAtTheFirstEquals() throws {
    let option = try ConfigOption(parsing: "model.name=a=b")
    #expect(option.key == "model.name")
    #expect(option.value == "a=b")
}

@Test func optionIntegersAsPythonIntReadsThem() throws {
    #expect(try option("12") == 12)
    #expect(try option("-3") == -3)
    #expect(try option("+3") == 3)
    #expect(try option("1_000") == 1000)
    #expect(try option("007") == 7)
}

@Test func optionFloatsAsPythonFloatReadsThem() throws {
    #expect(try option("0.1") == 0.1)
    #expect(try option("1e-4") == 0.0001)
    #expect(try option(".5") == 0.5)
    #expect(try option("5.") == 5.0)
    #expect(try option("-2.5E2") == -250.0)
    #expect(try option("inf") == .double(.infinity))
    #expect(try option("-Infinity") == .double(-.infinity))
}

@Test func optionBooleansInAnyCase() throws {
    #expect(try option("true") == true)
    #expect(try option("False") == false)
    #expect(try option("TRUE") == true)
}

@Test func optionNoneOnlyWhenSpelledExactly() throws {
    #expect(try option("None") == .null)
    #expect(try option("none") == "none")
    #expect(try option("null") == "null")
}

@Test func optionOtherTextIsAString() throws {
    #expect(try option("SGD") == "SGD")
    #expect(try option("work_dirs/run-1") == "work_dirs/run-1")
    #expect(try option("") == "")
}

@Test func optionOuterQuotesAreStripped() throws {
    #expect(try option("'SGD'") == "SGD")
    #expect(try option("\"12\"") == 12)
    #expect(try option("\"'x'\"") == "x")
}

@Test func optionSpacesAreRemovedEverywhere() throws {
    #expect(try option("a b") == "ab")
    #expect(try option(" [1, 2 ] ") == [1, 2])
}

@Test func optionBracketsMakeListsAndParenthesesTuples() throws {
    #expect(try option("[1,2]") == [1, 2])
    #expect(try option("(1,2)") == .tuple([1, 2]))
    #expect(try option("[]") == .list([]))
    #expect(try option("()") == .tuple([]))
    #expect(try option("(1)") == .tuple([1]))
}

@Test func optionACommaOutsideBracketsMakesAList() throws {
    #expect(try option("1,2,a") == [1, 2, "a"])
    #expect(try option("1,") == [1])
}

@Test func optionNestedBrackets() throws {
    #expect(try option("[(train,1),(val,1)]") == [.tuple(["train", 1]), .tuple(["val", 1])])
    #expect(try option("[[1,2],[3,[4]]]") == [[1, 2], [3, [4]]])
    #expect(try option("[1],[2]") == [[1], [2]])
}

@Test func optionItemsAreParsedLikeValues() throws {
    #expect(try option("['a','b',None,true,0.5]") == ["a", "b", .null, true, 0.5])
    #expect(try option("[,1]") == ["", 1])
}

@Test func optionTextWithCommasInsideBracketsIsAString() throws {
    #expect(try option("a(1,2)") == "a(1,2)")
}

@Test func optionUnbalancedBracketsAreAnError() {
    #expect(optionError("k=[1,2") == "--cfg-options: unbalanced brackets in 'k=[1,2'")
    #expect(optionError("k=(1]") == "--cfg-options: unbalanced brackets in 'k=(1]'")
    #expect(optionError("k=1)") == "--cfg-options: unbalanced brackets in 'k=1)'")
}

@Test func optionWithoutEqualsIsAnError() {
    #expect(optionError("lr") == "--cfg-options: 'lr' is not KEY=VALUE")
}

@Test func optionWithAnEmptyKeyIsAnError() {
    #expect(optionError("a..b=1") == "--cfg-options: invalid key path 'a..b': keys between dots must not be empty")
    #expect(optionError("=1") == "--cfg-options: invalid key path '': keys between dots must not be empty")
}

@Test func optionIntegerBeyond64BitsIsAnError() {
    #expect(optionError("k=99999999999999999999")
        == "--cfg-options: integer '99999999999999999999' does not fit in 64 bits in 'k=99999999999999999999'")
}

@Test func optionNestingIsBounded() {
    let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(optionError("k=" + deep) == "--cfg-options: brackets nested deeper than 256 levels in 'k=\(deep)'")
}
