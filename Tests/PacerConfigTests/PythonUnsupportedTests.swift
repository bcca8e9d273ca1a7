import PacerConfig
import Testing

/// `file:line:col: unsupported Python construct 'construct'` for `t.py`.
private func unsupported(_ line: Int, _ column: Int, _ construct: String) -> String {
    "t.py:\(line):\(column): unsupported Python construct '\(construct)'"
}

@Test func pythonImportsAreUnsupported() {
    #expect(pyError("import os\n") == unsupported(1, 1, "import"))
    #expect(pyError("x = 1\nfrom os import path\n") == unsupported(2, 1, "import"))
}

@Test func pythonDefinitionsAreUnsupported() {
    #expect(pyError("def f():\n    return 1\n") == unsupported(1, 1, "function definition"))
    #expect(pyError("class A:\n    pass\n") == unsupported(1, 1, "class definition"))
    #expect(pyError("@dataclass\nclass A:\n    pass\n") == unsupported(1, 1, "decorator"))
}

@Test func pythonCompoundAndSimpleStatementsAreUnsupported() {
    #expect(pyError("for i in []:\n    pass\n") == unsupported(1, 1, "'for' statement"))
    #expect(pyError("while False:\n    pass\n") == unsupported(1, 1, "'while' statement"))
    #expect(pyError("with open('f') as f:\n    pass\n") == unsupported(1, 1, "'with' statement"))
    #expect(pyError("try:\n    pass\nexcept:\n    pass\n") == unsupported(1, 1, "'try' statement"))
    #expect(pyError("assert 1\n") == unsupported(1, 1, "'assert' statement"))
}

@Test func pythonLambdaIsUnsupported() {
    #expect(pyError("x = lambda: 1\n") == unsupported(1, 5, "lambda"))
}

@Test func pythonCallsOtherThanDictAreUnsupported() {
    #expect(pyError("x = open('f')\n") == unsupported(1, 5, "call to open()"))
    #expect(pyError("a = 1\nb = dict(\n    c=foo(1))\n") == unsupported(3, 7, "call to foo()"))
    #expect(pyError("x = dict(a=1)(2)\n") == unsupported(1, 5, "call"))
}

@Test func pythonAttributeAccessIsUnsupportedExceptForMethodsOfBuiltInValues() {
    #expect(pyError("x = os.path\n") == unsupported(1, 7, "attribute access"))
    #expect(pyError("x = 'a'.upper\n") == unsupported(1, 8, "attribute access"))
    #expect(pyError("x = (1).bit_length()\n") == unsupported(1, 8, "method int.bit_length()"))
    #expect(pyError("x = 'a'.zfill(3)\n") == unsupported(1, 8, "method str.zfill()"))
}

@Test func pythonSetsAndIteratorsCannotBeConfigValues() {
    #expect(pyError("x = {1, 2}\n") == unsupported(1, 5, "set in the config (a config holds lists, tuples and dicts)"))
    #expect(pyError("x = range(3)\n") == unsupported(1, 5, "range object in the config (write list(...) around it)"))
    #expect(pyError("x = (i for i in [1])\n") == unsupported(1, 5, "generator object in the config (write list(...) around it)"))
}

@Test func pythonFStringsTStringsAndBytes() {
    #expect(pyError("x = f'{a}'\n") == "t.py:1:8: name 'a' is not defined (a config can use only names assigned above)")
    #expect(pyError("x = f'{1=}'\n") == unsupported(1, 9, "'=' in an f-string field"))
    #expect(pyError("x = t'a'\n") == unsupported(1, 5, "t-string"))
    #expect(pyError("x = b'abc'\n") == unsupported(1, 5, "bytes literal"))
    #expect(pyError("x = rb'abc'\n") == unsupported(1, 5, "bytes literal"))
}

@Test func pythonIdentityBetweenNumbersOrStringsIsUnsupported() {
    #expect(pyError("x = 1 is 1\n") == unsupported(1, 7, "'is' between int and int values (use '==')"))
}

@Test func pythonLoopStatementsAndFunctionsWithKeysAreUnsupported() {
    #expect(pyError("for i in []:\n    pass\n") == unsupported(1, 1, "'for' statement"))
    #expect(pyError("a = 1\nx = sorted([2, 1], key=a)\n") == unsupported(2, 5, "sorted() with key= (configs define no functions)"))
    #expect(pyError("x = int('10', 2)\n") == unsupported(1, 5, "int() with a base"))
    #expect(pyError("x = '%d' % 3\n") == unsupported(1, 10, "'%' string formatting"))
}

@Test func pythonBitwiseAndMatrixOperatorsAreUnsupported() {
    #expect(pyError("x = 1 | 2\n") == unsupported(1, 7, "'|' operator"))
    #expect(pyError("x = 1 << 2\n") == unsupported(1, 7, "'<<' operator"))
    #expect(pyError("x = ~1\n") == unsupported(1, 5, "'~' operator"))
    #expect(pyError("x = a @ b\n") == unsupported(1, 7, "matrix multiplication"))
}

@Test func pythonOtherAssignmentFormsAreUnsupported() {
    #expect(pyError("x = 1\nx <<= 1\n") == unsupported(2, 3, "augmented assignment '<<='"))
    #expect(pyError("x: int = 1\n") == unsupported(1, 2, "annotated assignment"))
    #expect(pyError("a, *b = 1, 2\n") == unsupported(1, 4, "starred assignment"))
    #expect(pyError("a[1:2] = [1]\n") == unsupported(1, 2, "slice assignment"))
    #expect(pyError("x = (y := 1)\n") == unsupported(1, 8, "assignment expression"))
}

@Test func pythonEllipsisAwaitAndYieldAreUnsupported() {
    #expect(pyError("x = ...\n") == unsupported(1, 5, "Ellipsis"))
    #expect(pyError("x = await y\n") == unsupported(1, 5, "await"))
    #expect(pyError("x = yield\n") == unsupported(1, 5, "yield"))
}

@Test func pythonComplexNumbersAreUnsupported() {
    #expect(pyError("x = 1j\n") == unsupported(1, 5, "complex number"))
    #expect(pyError("x = (-8) ** 0.5\n") == unsupported(1, 10, "complex number"))
}

@Test func pythonIntegersBeyond64BitsAreUnsupported() {
    #expect(pyError("x = 99999999999999999999\n") == unsupported(1, 5, "integer beyond 64 bits"))
    #expect(pyError("x = 0xFFFFFFFFFFFFFFFFF\n") == unsupported(1, 5, "integer beyond 64 bits"))
    #expect(pyError("x = 10 ** 30\n") == unsupported(1, 8, "integer beyond 64 bits"))
    #expect(pyError("x = 9223372036854775807 + 1\n") == unsupported(1, 25, "integer beyond 64 bits"))
}

@Test func pythonNonStringDictionaryKeysAreUnsupported() {
    #expect(pyError("x = {1: 'a'}\n") == unsupported(1, 6, "int dictionary key (keys must be strings)"))
}

@Test func pythonPercentFormattingIsUnsupported() {
    #expect(pyError("x = '%s' % 1\n") == unsupported(1, 10, "'%' string formatting"))
}

@Test func pythonNonASCIINamesAreUnsupported() {
    #expect(pyError("größe = 1\n") == unsupported(1, 1, "non-ASCII name"))
    #expect(pyError("x = 1\nab\u{00E9} = 2\n") == unsupported(2, 1, "non-ASCII name"))
}

@Test func pythonLoneSurrogateEscapesAreUnsupported() {
    #expect(pyError(#"x = '\ud800'"#) == unsupported(1, 6, #"surrogate escape \uD800"#))
}

@Test func pythonNameStartingWithANonASCIILetterIsUnsupported() {
    #expect(pyError("x = 1\né = 2\n") == unsupported(2, 1, "non-ASCII name"))
}
