import PacerConfig
import Testing

@Test func pythonDecimalIntegers() throws {
    #expect(try pyValue("[0, 7, 1_000, 00, 9223372036854775807]") == [0, 7, 1000, 0, .int(Int.max)])
}

@Test func pythonPrefixedIntegers() throws {
    #expect(try pyValue("[0x1F, 0XfF, 0o17, 0O7, 0b101, 0B1, 0x_ff, 0b_1_0]") == [31, 255, 15, 7, 5, 1, 255, 2])
}

@Test func pythonFloats() throws {
    #expect(try pyValue("[1.5, 1., .5, 1e-4, 1E5, 1.5e+3, 1_000.000_5, 0.0]") == [1.5, 1.0, 0.5, 0.0001, 100000.0, 1500.0, 1000.0005, 0.0])
}

@Test func pythonIntegersAndFloatsStayApart() throws {
    #expect(try pyValue("[1, 1.0]") == [.int(1), .double(1.0)])
}

@Test func pythonSignsApplyToNumbers() throws {
    #expect(try pyValue("[-1, +2, -1.5, - 3, --4, -0x10]") == [-1, 2, -1.5, -3, 4, -16])
}

@Test func pythonFloatBeyondDoubleRangeIsInfinite() throws {
    #expect(try pyValue("[1e999, -1e999, 1e-999]") == [.double(.infinity), .double(-.infinity), 0.0])
}
