import PacerConfig
import Testing

@Test func pythonDoubleStarSpreadsADictIntoDictCall() throws {
    let text = "img_norm_cfg = dict(mean=[123.675, 116.28, 103.53], to_rgb=True)\nn = dict(type='Normalize', **img_norm_cfg)\n"
    #expect(try py(text)["n"] == ["type": "Normalize", "mean": [123.675, 116.28, 103.53], "to_rgb": true])
}

@Test func pythonDoubleStarSpreadsADictIntoABraceDictLaterValuesWinning() throws {
    let text = "a = dict(x=1, y=2)\nb = {'y': 0, **a, 'z': 3, **dict(x=9)}\n"
    let value = try py(text)["b"]
    #expect(value == ["y": 2, "x": 9, "z": 3])
}

@Test func pythonStarSplicesItemsIntoListsAndTuples() throws {
    let text = "a = [1, 2]\nb = [0, *a, *(3,), *'xy', *dict(k=1)]\nc = (*a,)\nd = *a, 3\n"
    #expect(try py(text) == ["a": [1, 2], "b": [0, 1, 2, 3, "x", "y", "k"], "c": .tuple([1, 2]), "d": .tuple([1, 2, 3])])
}

@Test func pythonDoubleStarKeywordGivenTwiceIsAnError() {
    #expect(pyError("a = dict(x=1)\nb = dict(x=2, **a)\n") == "t.py:2:17: dict() got multiple values for keyword argument 'x'")
}

@Test func pythonDoubleStarNeedsADict() {
    #expect(pyError("a = [1]\nb = dict(**a)\n") == "t.py:2:12: dict() argument after ** must be a mapping, not list")
    #expect(pyError("b = {**[1]}\n") == "t.py:1:8: 'list' object is not a mapping")
}

@Test func pythonStarNeedsSomethingIterable() {
    #expect(pyError("b = [*1]\n") == "t.py:1:6: 'int' object is not iterable")
}

@Test func pythonStarStandingAloneIsAnError() {
    #expect(pyError("b = *[1]\n") == "t.py:1:5: cannot use starred expression here")
    #expect(pyError("b = (*[1])\n") == "t.py:1:6: cannot use starred expression here")
}
