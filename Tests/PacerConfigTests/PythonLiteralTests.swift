import PacerConfig
import Testing

@Test func pythonDictCallTakesKeywordArguments() throws {
    #expect(try pyValue("dict(type='SGD', lr=0.1)") == ["type": "SGD", "lr": 0.1])
}

@Test func pythonEmptyDictCallIsAnEmptyDict() throws {
    #expect(try pyValue("dict()") == .dict([:]))
}

@Test func pythonBraceDictKeepsKeyOrderAndAcceptsAnyStringKey() throws {
    let value = try pyValue("{'z': 1, 'a-b': 2, 'with space': 3, '': 4}")
    guard case .dict(let dict)? = value else {
        Issue.record("not a dict")
        return
    }
    #expect(dict.keys == ["z", "a-b", "with space", ""])
}

@Test func pythonEmptyBracesAreAnEmptyDict() throws {
    #expect(try pyValue("{}") == .dict([:]))
}

@Test func pythonListsMayEndWithAComma() throws {
    #expect(try pyValue("[1, 'a', None,]") == [1, "a", .null])
    #expect(try pyValue("[]") == .list([]))
}

@Test func pythonParenthesesWithACommaMakeTuples() throws {
    #expect(try pyValue("('train', 1)") == .tuple(["train", 1]))
    #expect(try pyValue("(1,)") == .tuple([1]))
    #expect(try pyValue("()") == .tuple([]))
}

@Test func pythonParenthesesWithoutACommaOnlyGroup() throws {
    #expect(try pyValue("(1)") == 1)
    #expect(try pyValue("((('a')))") == "a")
}

@Test func pythonBareCommasMakeATuple() throws {
    #expect(try py("x = 1, 2\ny = 'a',\n") == ["x": .tuple([1, 2]), "y": .tuple(["a"])])
}

@Test func pythonTrueFalseAndNone() throws {
    #expect(try pyValue("[True, False, None]") == [true, false, .null])
}

@Test func pythonNestedDisplaysAndWorkflowTuples() throws {
    let value = try pyValue("dict(workflow=[('train', 2), ('val', 1)], hooks=[dict(type='A'), {'type': 'B'}])")
    #expect(value == ["workflow": [.tuple(["train", 2]), .tuple(["val", 1])], "hooks": [["type": "A"], ["type": "B"]]])
}

@Test func pythonDictArgumentsMayEndWithAComma() throws {
    #expect(try pyValue("dict(\n    a=1,\n    b=2,\n)") == ["a": 1, "b": 2])
}
