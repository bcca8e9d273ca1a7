import PacerConfig
import Testing

@Test func emptyFileExpectsAValue() {
    #expect(parseError("") == "t.json:1:1: unexpected end of file, expected a value")
}

@Test func trailingGarbageIsRejected() {
    #expect(parseError(#"{"a": 1} x"#) == "t.json:1:10: unexpected 'x' after the top-level value")
}

@Test func secondTopLevelValueIsRejected() {
    #expect(parseError("{}\n{}") == "t.json:2:1: unexpected '{' after the top-level value")
}

@Test func missingCommaBetweenMembersNamesThePreviousKey() {
    let text = "{\n  \"a\": 1\n  \"b\": 2\n}"
    #expect(parseError(text) == #"t.json:3:3: expected ',' or '}' after the value of 'a', found '"'"#)
}

@Test func missingCommaBetweenArrayItems() {
    #expect(parseError("[1 2]") == "t.json:1:4: expected ',' or ']' after an array item, found '2'")
}

@Test func trailingCommaInObject() {
    #expect(parseError(#"{"a": 1,}"#) == "t.json:1:9: trailing comma before '}'")
}

@Test func trailingCommaInArray() {
    #expect(parseError("[1, 2, ]") == "t.json:1:8: trailing comma before ']'")
}

@Test func unquotedKey() {
    #expect(parseError("{a: 1}") == "t.json:1:2: expected a key in double quotes, found 'a'")
}

@Test func missingColon() {
    #expect(parseError(#"{"a" 1}"#) == "t.json:1:6: expected ':' after key 'a', found '1'")
}

@Test func singleQuotedString() {
    #expect(parseError(#"{"a": 'x'}"#) == "t.json:1:7: unexpected single quote (JSON strings use double quotes)")
}

@Test func pythonLiteralNamesTheJSONSpelling() {
    #expect(parseError(#"{"a": None}"#) == "t.json:1:7: unexpected 'None' (JSON writes it as null)")
    #expect(parseError("[True]") == "t.json:1:2: unexpected 'True' (JSON writes it as true)")
}

@Test func bareWordAsksForQuotes() {
    #expect(parseError(#"{"a": yes}"#) == "t.json:1:7: unexpected word 'yes' (strings need double quotes)")
}

@Test func commentIsRejected() {
    #expect(parseError("// note\n{}") == "t.json:1:1: unexpected '/' (JSON does not allow comments)")
}

@Test func unexpectedCharacterWhereAValueBelongs() {
    #expect(parseError(#"{"a": @}"#) == "t.json:1:7: unexpected '@', expected a value")
}

@Test func controlCharacterIsShownAsCodePoint() {
    #expect(parseError("[\u{01}]") == "t.json:1:2: unexpected U+0001, expected a value")
}

@Test func missingValueAtEndOfFile() {
    #expect(parseError(#"{"a": "#) == "t.json:1:7: unexpected end of file, expected a value")
}

@Test func unterminatedStringIsReportedAtItsOpeningQuote() {
    #expect(parseError("{\"a\": \"abc") == "t.json:1:7: unterminated string")
}

@Test func unterminatedStringEndingInBackslash() {
    #expect(parseError("[\"abc\\") == "t.json:1:2: unterminated string")
}

@Test func lineBreakInsideString() {
    #expect(parseError("[\"ab\ncd\"]") == #"t.json:1:5: line break inside a string (close the string or write \n)"#)
}

@Test func controlCharacterInsideString() {
    #expect(parseError("[\"a\u{1F}\"]") == #"t.json:1:4: control character U+001F inside a string (write it as \u001F)"#)
}

@Test func invalidEscapeSuggestsDoublingTheBackslash() {
    #expect(parseError(#"["C:\data"]"#) == #"t.json:1:5: invalid escape: '\' followed by 'd' (write a literal backslash as '\\')"#)
}

@Test func shortUnicodeEscape() {
    #expect(parseError(#"["\u12"]"#) == #"t.json:1:3: invalid \u escape: expected 4 hex digits"#)
}

@Test func highSurrogateWithoutLowSurrogate() {
    #expect(parseError(#"["\ud83dx"]"#) == #"t.json:1:3: unpaired high surrogate \uD83D (it must be followed by a \uDC00-\uDFFF escape)"#)
}

@Test func highSurrogateFollowedByNonSurrogate() {
    #expect(parseError(#"["\ud83d\u0041"]"#) == #"t.json:1:3: unpaired high surrogate \uD83D (it must be followed by a \uDC00-\uDFFF escape)"#)
}

@Test func loneLowSurrogate() {
    #expect(parseError(#"["a\ude00"]"#) == #"t.json:1:4: unpaired low surrogate \uDE00 (it must follow a \uD800-\uDBFF escape)"#)
}

@Test func leadingZero() {
    #expect(parseError(#"{"a": 012}"#) == "t.json:1:7: leading zeros are not allowed in numbers")
}

@Test func minusWithoutDigits() {
    #expect(parseError("[-]") == "t.json:1:3: expected a digit after '-'")
    #expect(parseError("[-x]") == "t.json:1:3: expected a digit after '-'")
}

@Test func decimalPointWithoutDigits() {
    #expect(parseError("[1.]") == "t.json:1:4: expected a digit after the decimal point")
}

@Test func exponentWithoutDigits() {
    #expect(parseError("[1e+]") == "t.json:1:5: expected a digit in the exponent")
}

@Test func duplicateKeyNamesBothPositions() {
    #expect(parseError("{\"a\": 1,\n \"a\": 2}") == "t.json:2:2: duplicate key 'a' (first at 1:2)")
}

@Test func invalidUTF8IsReportedWhereItStarts() {
    let bytes = Array("{\"a\":\n \"x".utf8) + [0xFF] + Array("\"}".utf8)
    #expect(parseError(bytes) == "t.json:2:4: invalid UTF-8 byte sequence (save the file as UTF-8)")
}

@Test func columnsCountCharactersNotBytes() {
    #expect(parseError(#"{"é😀": x}"#) == "t.json:1:8: unexpected word 'x' (strings need double quotes)")
}

@Test func nestingAtTheLimitIsAccepted() {
    let depth = JSONReader.maxDepth
    #expect(parseError(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == nil)
}

@Test func nestingBeyondTheLimitIsRejected() {
    let depth = JSONReader.maxDepth + 1
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(parseError(text) == "t.json:1:257: objects and arrays nested deeper than 256 levels")
}
