import PacerConfig
import Testing

@Test func keysKeepInsertionOrder() {
    var dict = ConfigDict()
    dict["z"] = 1
    dict["a"] = 2
    dict["m"] = 3
    #expect(dict.keys == ["z", "a", "m"])
    #expect(dict.map(\.key) == ["z", "a", "m"])
}

@Test func assigningAnExistingKeyKeepsItsPosition() {
    var dict: ConfigDict = ["a": 1, "b": 2]
    dict["a"] = "x"
    #expect(dict.keys == ["a", "b"])
    #expect(dict["a"] == "x")
}

@Test func assigningNilRemovesTheKey() {
    var dict: ConfigDict = ["a": 1, "b": 2, "c": 3]
    dict["b"] = nil
    #expect(dict.keys == ["a", "c"])
    #expect(dict["b"] == nil)
    #expect(dict.count == 2)
}

@Test func equalityIncludesKeyOrder() {
    let ab: ConfigDict = ["a": 1, "b": 2]
    let ba: ConfigDict = ["b": 2, "a": 1]
    #expect(ab != ba)
    #expect(ab == ["a": 1, "b": 2])
}

@Test func repeatedKeyInPairsKeepsFirstPositionAndLastValue() {
    let dict = ConfigDict([("a", 1), ("b", 2), ("a", 3)])
    #expect(dict.keys == ["a", "b"])
    #expect(dict["a"] == 3)
}

@Test func emptyDictIsEmpty() {
    #expect(ConfigDict().isEmpty)
    #expect(!(["a": 1] as ConfigDict).isEmpty)
}
