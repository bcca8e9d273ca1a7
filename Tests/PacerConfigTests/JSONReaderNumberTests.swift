import PacerConfig
import Testing

@Test func integerWithoutFractionStaysInt() throws {
    #expect(try parse("[0, 7, -12, 100]") == [.int(0), .int(7), .int(-12), .int(100)])
}

@Test func minusZeroIsIntegerZero() throws {
    #expect(try parse("-0") == .int(0))
}

@Test func fractionMakesADouble() throws {
    #expect(try parse("[1.0, -0.5, 0.1]") == [.double(1.0), .double(-0.5), .double(0.1)])
}

@Test func exponentMakesADouble() throws {
    #expect(try parse("[1e3, 2E+2, 5e-3, 1.5e300]") == [.double(1000), .double(200), .double(0.005), .double(1.5e300)])
}

@Test func intLimitsStayInt() throws {
    #expect(try parse("[9223372036854775807, -9223372036854775808]") == [.int(.max), .int(.min)])
}

@Test func integerBeyondSixtyFourBitsIsRefusedAsInPythonAndYAML() throws {
    #expect(parseError("9223372036854775808") == "t.json:1:1: integer '9223372036854775808' does not fit in 64 bits")
    #expect(parseError("[-9223372036854775809]") == "t.json:1:2: integer '-9223372036854775809' does not fit in 64 bits")
    #expect(try parse("-9223372036854775808") == .int(.min))
}

@Test func exponentBeyondDoubleIsInfinityAsInPython() throws {
    #expect(try parse("1e400") == .double(.infinity))
}
