import PacerConfig
import Testing

@Test func pythonSingleAndDoubleQuotedStrings() throws {
    #expect(try pyValue(#"['a', "b", 'say "hi"', "it's"]"#) == ["a", "b", "say \"hi\"", "it's"])
}

@Test func pythonTripleQuotedStringsSpanLines() throws {
    #expect(try pyValue("'''one\ntwo'''") == "one\ntwo")
    #expect(try pyValue("\"\"\"a \"quoted\" ''word''\n\"\"\"") == "a \"quoted\" ''word''\n")
}

@Test func pythonTripleQuotedStringsReadWindowsLineBreaksAsNewlines() throws {
    #expect(try pyValue("'''a\r\nb'''") == "a\nb")
}

@Test func pythonSimpleEscapes() throws {
    #expect(try pyValue(#"'\\ \' \" \a \b \f \n \r \t \v'"#) == "\\ ' \" \u{07} \u{08} \u{0C} \n \r \t \u{0B}")
}

@Test func pythonOctalAndHexEscapesAreCodePoints() throws {
    #expect(try pyValue(#"'\0 \101 \7 \777 \x41 \xff'"#) == "\u{0} A \u{07} \u{1FF} A \u{FF}")
}

@Test func pythonUnicodeEscapes() throws {
    #expect(try pyValue(#"'\u00e9 \U0001F600'"#) == "é 😀")
}

@Test func pythonNamedUnicodeEscapesIgnoreCase() throws {
    #expect(try pyValue(#"'\N{BULLET} \N{greek small letter alpha}'"#) == "• α")
}

@Test func pythonUnknownEscapesKeepTheBackslash() throws {
    #expect(try pyValue(#"'C:\data\d+'"#) == #"C:\data\d+"#)
}

@Test func pythonBackslashNewlineInsideAStringJoinsLines() throws {
    #expect(try pyValue("'abc\\\ndef'") == "abcdef")
}

@Test func pythonRawStringsKeepBackslashes() throws {
    #expect(try pyValue(#"[r'\d+\n', R"\'", r'a\\', r'''x\y''']"#) == [#"\d+\n"#, #"\'"#, #"a\\"#, #"x\y"#])
}

@Test func pythonUnicodePrefixIsAccepted() throws {
    #expect(try pyValue("[u'a', U\"b\"]") == ["a", "b"])
}

@Test func pythonAdjacentStringLiteralsAreJoined() throws {
    #expect(try pyValue("('a' \"b\"\n    r'\\c' '''d''')") == "ab\\cd")
}

@Test func pythonNonASCIITextIsKept() throws {
    #expect(try pyValue("'Größe 😀'") == "Größe 😀")
}
