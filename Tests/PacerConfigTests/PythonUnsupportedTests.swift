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
    #expect(pyError("if True:\n    x = 1\n") == unsupported(1, 1, "'if' statement"))
    #expect(pyError("for i in []:\n    pass\n") == unsupported(1, 1, "'for' statement"))
    #expect(pyError("while False:\n    pass\n") == unsupported(1, 1, "'while' statement"))
    #expect(pyError("with open('f') as f:\n    pass\n") == unsupported(1, 1, "'with' statement"))
    #expect(pyError("try:\n    pass\nexcept:\n    pass\n") == unsupported(1, 1, "'try' statement"))
    #expect(pyError("x = 1\ndel x\n") == unsupported(2, 1, "'del' statement"))
    #expect(pyError("assert 1\n") == unsupported(1, 1, "'assert' statement"))
}

@Test func pythonLambdaIsUnsupported() {
    #expect(pyError("x = lambda: 1\n") == unsupported(1, 5, "lambda"))
}

@Test func pythonCallsOtherThanDictAreUnsupported() {
    #expect(pyError("x = list((1, 2))\n") == unsupported(1, 5, "call to list()"))
    #expect(pyError("a = 1\nb = dict(\n    c=foo(1))\n") == unsupported(3, 7, "call to foo()"))
    #expect(pyError("x = dict(a=1)(2)\n") == unsupported(1, 5, "call"))
}

@Test func pythonAttributeAccessAndSubscriptsAreUnsupported() {
    #expect(pyError("x = os.path\n") == unsupported(1, 7, "attribute access"))
    #expect(pyError("x = 'a'.upper()\n") == unsupported(1, 8, "attribute access"))
    #expect(pyError("x = a[0]\n") == unsupported(1, 6, "subscript"))
}

@Test func pythonComprehensionsAreUnsupported() {
    #expect(pyError("x = [i for i in y]\n") == unsupported(1, 8, "list comprehension"))
    #expect(pyError("x = {k: 1 for k in y}\n") == unsupported(1, 11, "dict comprehension"))
    #expect(pyError("x = {i for i in y}\n") == unsupported(1, 8, "set comprehension"))
    #expect(pyError("x = (i for i in y)\n") == unsupported(1, 8, "generator expression"))
    #expect(pyError("x = dict(i for i in y)\n") == unsupported(1, 12, "generator expression"))
}

@Test func pythonSetsAreUnsupported() {
    #expect(pyError("x = {1, 2}\n") == unsupported(1, 5, "set"))
    #expect(pyError("x = {*a}\n") == unsupported(1, 5, "set"))
}

@Test func pythonFStringsTStringsAndBytesAreUnsupported() {
    #expect(pyError("x = f'{a}'\n") == unsupported(1, 5, "f-string"))
    #expect(pyError("x = RF\"a\"\n") == unsupported(1, 5, "f-string"))
    #expect(pyError("x = t'a'\n") == unsupported(1, 5, "t-string"))
    #expect(pyError("x = b'abc'\n") == unsupported(1, 5, "bytes literal"))
    #expect(pyError("x = rb'abc'\n") == unsupported(1, 5, "bytes literal"))
}

@Test func pythonConditionalsBooleansAndComparisonsAreUnsupported() {
    #expect(pyError("x = 1 if y else 2\n") == unsupported(1, 7, "conditional expression"))
    #expect(pyError("x = a and b\n") == unsupported(1, 7, "boolean operator 'and'"))
    #expect(pyError("x = a or b\n") == unsupported(1, 7, "boolean operator 'or'"))
    #expect(pyError("x = not a\n") == unsupported(1, 5, "'not' operator"))
    #expect(pyError("x = 1 < 2\n") == unsupported(1, 7, "comparison"))
    #expect(pyError("x = 1 in y\n") == unsupported(1, 7, "comparison"))
}

@Test func pythonBitwiseAndMatrixOperatorsAreUnsupported() {
    #expect(pyError("x = 1 | 2\n") == unsupported(1, 7, "'|' operator"))
    #expect(pyError("x = 1 << 2\n") == unsupported(1, 7, "'<<' operator"))
    #expect(pyError("x = ~1\n") == unsupported(1, 5, "'~' operator"))
    #expect(pyError("x = a @ b\n") == unsupported(1, 7, "matrix multiplication"))
}

@Test func pythonOtherAssignmentFormsAreUnsupported() {
    #expect(pyError("x = 1\nx += 1\n") == unsupported(2, 3, "augmented assignment '+='"))
    #expect(pyError("x: int = 1\n") == unsupported(1, 2, "annotated assignment"))
    #expect(pyError("a, b = 1, 2\n") == unsupported(1, 1, "unpacking assignment"))
    #expect(pyError("x = (y := 1)\n") == unsupported(1, 8, "assignment expression"))
}

@Test func pythonDictWithAPositionalArgumentIsUnsupported() {
    #expect(pyError("x = dict({'a': 1})\n") == unsupported(1, 10, "dict() with a positional argument"))
    #expect(pyError("x = dict(*a)\n") == unsupported(1, 10, "dict() with a positional argument"))
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
