import PacerConfig
import Testing

@Test func pythonMissingValueAfterAnOperator() {
    #expect(pyError("x = 1 +\n") == "t.py:1:8: expected a value, found end of line")
}

@Test func pythonMissingValueAfterEquals() {
    #expect(pyError("x = = 1\n") == "t.py:1:5: expected a value, found '='")
    #expect(pyError("x =") == "t.py:1:4: expected a value, found end of line")
}

@Test func pythonMissingCommaInAList() {
    #expect(pyError("x = [1 2]\n") == "t.py:1:8: expected ',' or ']' after a list item, found '2'")
}

@Test func pythonMissingCommaInATuple() {
    #expect(pyError("x = (1 2)\n") == "t.py:1:8: expected ',' or ')' after a tuple item, found '2'")
}

@Test func pythonMissingColonInADict() {
    #expect(pyError("x = {'a' 1}\n") == "t.py:1:10: expected ':' after a dictionary key, found '1'")
}

@Test func pythonMissingCommaInADict() {
    #expect(pyError("x = {'a': 1\n     'b': 2}\n") == "t.py:2:6: expected ',' or '}' after a dictionary item, found 'b'")
}

@Test func pythonMissingCommaBetweenDictArguments() {
    #expect(pyError("x = dict(a=1 b=2)\n") == "t.py:1:14: expected ',' or ')' after an argument, found 'b'")
}

@Test func pythonRepeatedKeywordArgument() {
    #expect(pyError("x = dict(a=1, a=2)\n") == "t.py:1:15: keyword argument repeated: 'a'")
}

@Test func pythonKeywordArgumentNeedsAName() {
    #expect(pyError("x = dict(1=2)\n") == "t.py:1:10: expected a keyword name before '='")
}

@Test func pythonDuplicateKeyInABraceDict() {
    #expect(pyError("x = {'a': 1, 'a': 2}\n") == "t.py:1:14: duplicate key 'a' (first at 1:6)")
}

@Test func pythonAssignmentToALiteralOrExpression() {
    #expect(pyError("1 = x\n") == "t.py:1:1: cannot assign to literal")
    #expect(pyError("a + 1 = 2\n") == "t.py:1:3: cannot assign to expression")
}

@Test func pythonTwoValuesOnOneLine() {
    #expect(pyError("x = 1 2\n") == "t.py:1:7: expected the end of the statement, found '2'")
}

@Test func pythonKeywordWhereAValueBelongs() {
    #expect(pyError("x = import\n") == "t.py:1:5: expected a value, found 'import'")
}

@Test func pythonIndentedStatement() {
    #expect(pyError("x = 1\n  y = 2\n") == "t.py:2:3: unexpected indent (statements start at the beginning of a line)")
}

@Test func pythonUnclosedBracketIsReportedWhereItOpens() {
    #expect(pyError("x = dict(\n    a=1,\n") == "t.py:1:9: '(' was never closed")
}

@Test func pythonUnmatchedClosingBracket() {
    #expect(pyError("x = 1)\n") == "t.py:1:6: unmatched ')'")
}

@Test func pythonMismatchedClosingBracket() {
    #expect(pyError("x = [1)\n") == "t.py:1:7: closing parenthesis ')' does not match opening parenthesis '['")
}

@Test func pythonTooManyNestedBrackets() {
    let text = "x = " + String(repeating: "[", count: 201) + String(repeating: "]", count: 201)
    #expect(pyError(text) == "t.py:1:205: too many nested parentheses")
}

@Test func pythonUnterminatedStrings() {
    #expect(pyError("x = 'abc\n") == "t.py:1:5: unterminated string literal (detected at line 1)")
    #expect(pyError("x = 'a\\'") == "t.py:1:5: unterminated string literal (detected at line 1)")
    #expect(pyError("x = r'a\\'\n") == "t.py:1:5: unterminated string literal (detected at line 1)")
    #expect(pyError("x = '''abc\n\n") == "t.py:1:5: unterminated triple-quoted string literal (detected at line 3)")
}

@Test func pythonBadEscapesPointAtTheBackslash() {
    #expect(pyError(#"x = 'ab\x4'"#) == #"t.py:1:8: truncated \xXX escape"#)
    #expect(pyError(#"x = '\u12'"#) == #"t.py:1:6: truncated \uXXXX escape"#)
    #expect(pyError(#"x = '\U0012'"#) == #"t.py:1:6: truncated \UXXXXXXXX escape"#)
    #expect(pyError(#"x = '\U00110000'"#) == "t.py:1:6: illegal Unicode character")
    #expect(pyError(#"x = '\N{NOT A NAME}'"#) == "t.py:1:6: unknown Unicode character name 'NOT A NAME'")
    #expect(pyError(#"x = '\N'"#) == #"t.py:1:6: malformed \N character escape"#)
}

@Test func pythonBadNumbers() {
    #expect(pyError("x = 012\n")
        == "t.py:1:5: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
    #expect(pyError("x = 1abc\n") == "t.py:1:5: invalid decimal literal")
    #expect(pyError("x = 1__0\n") == "t.py:1:5: invalid decimal literal")
    #expect(pyError("x = 0x\n") == "t.py:1:5: invalid hexadecimal literal")
    #expect(pyError("x = 0b12\n") == "t.py:1:5: invalid binary literal")
    #expect(pyError("x = 0o8\n") == "t.py:1:5: invalid octal literal")
    #expect(pyError("x = 1e\n") == "t.py:1:5: invalid float literal")
}

@Test func pythonInvalidCharacters() {
    #expect(pyError("x = $\n") == "t.py:1:5: invalid character '$' (U+0024)")
    #expect(pyError("x = 1\u{01}\n") == "t.py:1:6: invalid non-printable character U+0001")
}

@Test func pythonBackslashMustEndTheLine() {
    #expect(pyError("x = 1 \\ 2\n") == "t.py:1:8: unexpected character after line continuation character")
    #expect(pyError("x = 1 \\") == "t.py:1:8: unexpected end of file after a line continuation character")
}

@Test func pythonNullBytesAreRejected() {
    #expect(pyError("x = 1\u{0}\n") == "t.py:1:6: source code cannot contain null bytes")
}

@Test func pythonInvalidUTF8IsReportedWhereItStarts() {
    let bytes = Array("x = 1\ny = '".utf8) + [0xC3, 0x28] + Array("'\n".utf8)
    let error = errorText { () throws(ConfigError) in try PythonReader.parse(bytes, file: "t.py") }
    #expect(error == "t.py:2:6: invalid UTF-8 byte sequence (save the file as UTF-8)")
}

@Test func pythonColumnsCountCharactersNotBytes() {
    #expect(pyError("x = ['é😀', $]\n") == "t.py:1:12: invalid character '$' (U+0024)")
}

@Test func errorMessagesStayOnOneLineWhateverTheTextHolds() {
    #expect(pyError("x = {'a\\nb': 1, 'a\\nb': 2}\n") == #"t.py:1:17: duplicate key 'a\nb' (first at 1:6)"#)
    #expect(pyError("x = '\\N{BULL\\\nET}'\n") == #"t.py:1:6: unknown Unicode character name 'BULL\\nET'"#)
}
