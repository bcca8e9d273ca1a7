import PacerConfig
import Testing

@Test func decodesEveryOneLetterEscape() throws {
    #expect(try parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{08} \u{0C} \n \r \t"))
}

@Test func decodesUnicodeEscapesInEitherCase() throws {
    #expect(try parse(#""caf\u00e9 \u00C9""#) == .string("café É"))
}

@Test func joinsSurrogatePairs() throws {
    #expect(try parse(#""\ud83d\ude00 \uD83D\uDE80""#) == .string("😀 🚀"))
}

@Test func keepsEscapedNul() throws {
    #expect(try parse(#""a\u0000b""#) == .string("a\u{0}b"))
}

@Test func keepsRawUTF8Text() throws {
    #expect(try parse(#""Grüße 😀 日本""#) == .string("Grüße 😀 日本"))
}

@Test func decodesEscapesNextToPlainText() throws {
    #expect(try parse(#""x\ty\nz""#) == .string("x\ty\nz"))
}

@Test func decodesEscapedKeys() throws {
    #expect(try parse(#"{"a\u0062": 1}"#) == ["ab": 1])
}
