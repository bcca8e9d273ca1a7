import PacerConfig
import Testing

@Test func yamlNullSpellings() throws {
    for text in ["~", "null", "Null", "NULL", ""] {
        #expect(try yamlScalar(text) == .null)
    }
}

@Test func yamlBooleanSpellingsFollowYAML11() throws {
    for text in ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] {
        #expect(try yamlScalar(text) == true)
    }
    for text in ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] {
        #expect(try yamlScalar(text) == false)
    }
    #expect(try yamlScalar("yES") == "yES")
}

@Test func yamlIntegerForms() throws {
    #expect(try yamlScalar("[0, 42, -17, +3, 1_000, 1_, 0x1F, 0b101, 017, 0o17, 1:30, -1:00:01]") == [
        0, 42, -17, 3, 1000, 1, 31, 5, 15, "0o17", 90, -3601,
    ])
}

@Test func yamlFloatForms() throws {
    #expect(try yamlScalar("[1.5, -0.5, 1., .5, -.5, 1.0e+3, 1e-4, 1E5, 1_0.5, 1:30.5]") == [
        1.5, -0.5, 1.0, 0.5, -0.5, 1000.0, 0.0001, 100000.0, 10.5, 90.5,
    ])
}

@Test func yamlInfinityAndNaN() throws {
    #expect(try yamlScalar("[.inf, -.Inf, +.INF]") == [.double(.infinity), .double(-.infinity), .double(.infinity)])
    guard case .double(let nan)? = try yamlScalar(".nan") else {
        Issue.record("not a double")
        return
    }
    #expect(nan.isNaN)
}

@Test func yamlNumberLookalikesStayStrings() throws {
    #expect(try yamlScalar("[09, 1e, 1.2.3, 0x, ., 2020-01-01, 1:60, =, abc, 1__]") == [
        "09", "1e", "1.2.3", "0x", ".", "2020-01-01", "1:60", "=", "abc", 1,
    ])
}

@Test func yamlIntegerBeyond64BitsIsAnError() throws {
    #expect(yamlError("x: 99999999999999999999\n") == "t.yaml:1:4: integer '99999999999999999999' does not fit in 64 bits")
    #expect(try yamlScalar("-9223372036854775808") == .int(Int.min))
}

