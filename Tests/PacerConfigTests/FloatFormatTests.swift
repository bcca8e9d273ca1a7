import PacerConfig
import Testing

private func rendered(_ double: Double) -> String {
    ConfigValue.double(double).json()
}

@Test func pointOneRendersAsPointOne() {
    #expect(rendered(0.1) == "0.1")
}

@Test func smallValueUsesExponentWithTwoDigits() {
    #expect(rendered(1e-05) == "1e-05")
}

@Test func wholeDoubleKeepsPointZero() {
    #expect(rendered(100.0) == "100.0")
}

@Test func hugeValueUsesSignedExponent() {
    #expect(rendered(1.5e300) == "1.5e+300")
}

@Test(arguments: [
    (0.0001, "0.0001"), (0.00012, "0.00012"), (2.5e-05, "2.5e-05"),
    (1e15, "1000000000000000.0"), (1e16, "1e+16"), (9007199254740992.0, "9007199254740992.0"),
    (18014398509481984.0, "1.8014398509481984e+16"), (123.456, "123.456"), (0.0, "0.0"),
    (-0.0, "-0.0"), (-2.5, "-2.5"), (.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (0.30000000000000004, "0.30000000000000004"), (1e22, "1e+22"), (12345.678e10, "123456780000000.0"),
])
func floatsRenderLikePythonRepr(value: Double, expected: String) {
    #expect(rendered(value) == expected)
}

@Test func nonFiniteValuesRenderAsPythonJSONDoes() {
    #expect(rendered(.nan) == "NaN")
    #expect(rendered(.infinity) == "Infinity")
    #expect(rendered(-.infinity) == "-Infinity")
}

@Test func renderedFloatsParseBackExactly() throws {
    for value in [0.1, 1e-05, 1.5e300, 2.0 / 3.0, .leastNonzeroMagnitude, 1e16] {
        #expect(try parse(rendered(value)) == .double(value))
    }
}
