import PacerConfig
import Testing

@Test func pythonTopLevelAssignmentsBecomeKeysInOrder() throws {
    let entries = try py("b = 1\na = 2\nc = 3\n")
    #expect(entries.keys == ["b", "a", "c"])
    #expect(entries == ["b": 1, "a": 2, "c": 3])
}

@Test func pythonChainedAssignmentBindsEveryName() throws {
    #expect(try py("a = b = 5\n") == ["a": 5, "b": 5])
}

@Test func pythonRebindingKeepsTheFirstPositionAndTheLastValue() throws {
    let entries = try py("a = 1\nb = 2\na = 3\n")
    #expect(entries.keys == ["a", "b"])
    #expect(entries["a"] == 3)
}

@Test func pythonSemicolonsSeparateStatements() throws {
    #expect(try py("a = 1; b = 2;\nc = 3\n") == ["a": 1, "b": 2, "c": 3])
}

@Test func pythonNamesBoundEarlierCanBeUsed() throws {
    let text = "data_root = '/data'\ntrain = dict(root=data_root, split='train')\n"
    #expect(try py(text)["train"] == ["root": "/data", "split": "train"])
}

@Test func pythonNamesStartingWithTwoUnderscoresAreDropped() throws {
    #expect(try py("__version = 2\n__all__ = ['a']\n_private = 1\nkept = __version\n") == ["_private": 1, "kept": 2])
}

@Test func pythonBaseAndDeleteKeysAreKept() throws {
    let entries = try py("_base_ = ['../a.py']\nmodel = dict(_delete_=True, type='X')\n")
    #expect(entries["_base_"] == ["../a.py"])
    #expect(entries["model"] == ["_delete_": true, "type": "X"])
}

@Test func pythonExpressionStatementsSuchAsDocstringsAreIgnored() throws {
    #expect(try py("\"\"\"The MLP config.\"\"\"\n'note'\nx = 1\nx\n") == ["x": 1])
}

@Test func pythonCommentsAndBlankLinesAreIgnored() throws {
    let text = "# a config\n\n   # indented comment\nx = 1  # trailing\n\n\ny = [  # inside brackets\n    1,\n]\n"
    #expect(try py(text) == ["x": 1, "y": [1]])
}

@Test func pythonBackslashContinuesALine() throws {
    #expect(try py("x = 1 + \\\n    2\ny = \\\n  'a'\n") == ["x": 3, "y": "a"])
}

@Test func pythonBracketsContinueLinesWithAnyIndentation() throws {
    let text = "model = dict(\n        type='MLP',\n  hidden=[256,\n128])\n"
    #expect(try py(text)["model"] == ["type": "MLP", "hidden": [256, 128]])
}

@Test func pythonAcceptsWindowsLineBreaksAndALastLineWithoutBreak() throws {
    #expect(try py("a = 1\r\nb = [1,\r\n 2]\r\nc = 3") == ["a": 1, "b": [1, 2], "c": 3])
}

@Test func pythonEmptyFileIsAnEmptyConfig() throws {
    #expect(try py("") == [:])
    #expect(try py("# only a comment\n\n") == [:])
}

@Test func pythonAcceptsALeadingByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x = 1\n".utf8)
    #expect(try PythonReader.parse(bytes, file: "t.py").entries == ["x": 1])
}

@Test func pythonReaderKeepsTheFileName() throws {
    #expect(try PythonReader.parse(Array("x = 1".utf8), file: "configs/x.py").file == "configs/x.py")
}
