import PacerConfig
import Testing

@Test func parsesEmptyObject() throws {
    #expect(try parse("{}") == .dict([:]))
}

@Test func parsesEmptyArrayAsList() throws {
    #expect(try parse("[]") == .list([]))
}

@Test func arraysBecomeLists() throws {
    #expect(try parse(#"[1, "a", [true]]"#) == .list([.int(1), .string("a"), .list([.bool(true)])]))
}

@Test func parsesTrueFalseAndNull() throws {
    #expect(try parse("[true, false, null]") == .list([.bool(true), .bool(false), .null]))
}

@Test func parsesNestedObjectsAndArrays() throws {
    let value = try parse(#"{"runner": {"type": "EpochBasedRunner", "max_epochs": 12}, "workflow": [["train", 1]]}"#)
    #expect(value == ["runner": ["type": "EpochBasedRunner", "max_epochs": 12], "workflow": [["train", 1]]])
}

@Test func objectKeysKeepTheOrderWritten() throws {
    guard case .dict(let dict) = try parse(#"{"z": 1, "a": 2, "m": 3, "b": 4}"#) else {
        Issue.record("not a dict")
        return
    }
    #expect(dict.keys == ["z", "a", "m", "b"])
}

@Test func skipsSpacesTabsAndLineBreaks() throws {
    #expect(try parse(" \t\r\n{ \"a\" \n:\t1 \r\n} \n") == ["a": 1])
}

@Test func acceptsALeadingByteOrderMark() throws {
    #expect(try JSONReader.value(from: [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8), file: "t.json") == ["a": 1])
}

@Test func acceptsPythonNaNAndInfinities() throws {
    guard case .list(let items) = try parse("[NaN, Infinity, -Infinity]"),
        case .double(let nan) = items[0]
    else {
        Issue.record("not a list starting with a double")
        return
    }
    #expect(nan.isNaN)
    #expect(items[1...] == [.double(.infinity), .double(-.infinity)])
}

@Test func scalarsAreAcceptedAtTheTopLevelOfAValue() throws {
    #expect(try parse(" 42 ") == 42)
}

@Test func configRequiresAnObjectAtTheTopLevel() {
    let error = errorText { () throws(ConfigError) in try JSONReader.config(from: Array("[1]".utf8), file: "t.json") }
    #expect(error == "t.json: top level must be a JSON object")
}

@Test func configKeepsTheFileName() throws {
    let config = try JSONReader.config(from: Array(#"{"a": 1}"#.utf8), file: "configs/x.json")
    #expect(config.file == "configs/x.json")
    #expect(config.entries == ["a": 1])
}
