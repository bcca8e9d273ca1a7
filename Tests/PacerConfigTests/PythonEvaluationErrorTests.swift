import PacerConfig
import Testing

@Test func pythonUndefinedNameIsReportedWhereItIsUsed() {
    #expect(pyError("x = 1\ny = dict(a=z)\n") == "t.py:2:12: name 'z' is not defined (a config can use only names assigned above)")
}

@Test func pythonNameUsedBeforeItIsAssigned() {
    #expect(pyError("x = y\ny = 1\n") == "t.py:1:5: name 'y' is not defined (a config can use only names assigned above)")
}

@Test func pythonTypeErrorsNameTheOperator() {
    #expect(pyError("x = 1 + 'a'\n") == "t.py:1:7: unsupported operand type(s) for +: 'int' and 'str'")
    #expect(pyError("x = [1] - [1]\n") == "t.py:1:9: unsupported operand type(s) for -: 'list' and 'list'")
    #expect(pyError("x = [1] * 1.5\n") == "t.py:1:9: unsupported operand type(s) for *: 'list' and 'float'")
    #expect(pyError("x = dict() + None\n") == "t.py:1:12: unsupported operand type(s) for +: 'dict' and 'NoneType'")
}

@Test func pythonBadUnaryOperand() {
    #expect(pyError("x = -'a'\n") == "t.py:1:5: bad operand type for unary -: 'str'")
}

@Test func pythonDivisionByZero() {
    #expect(pyError("x = 1 / 0\n") == "t.py:1:7: division by zero")
    #expect(pyError("x = 1 // 0\n") == "t.py:1:7: integer division or modulo by zero")
    #expect(pyError("x = 1 % 0\n") == "t.py:1:7: integer division or modulo by zero")
    #expect(pyError("x = 1.0 / 0\n") == "t.py:1:9: float division by zero")
    #expect(pyError("x = 1.0 // 0.0\n") == "t.py:1:9: float floor division by zero")
    #expect(pyError("x = 1.0 % 0\n") == "t.py:1:9: float modulo by zero")
    #expect(pyError("x = 0 ** -1\n") == "t.py:1:7: 0.0 cannot be raised to a negative power")
}

@Test func pythonFloatPowerOverflow() {
    #expect(pyError("x = 10.0 ** 400\n") == "t.py:1:10: numerical result out of range")
}

@Test func pythonValuesTooLargeAreRefused() {
    #expect(pyError("x = [0] * 200000\n") == "t.py:1:9: unsupported Python construct 'value of more than 100000 items'")
    // The outer list shares one inner list 1000 times, as in Python; the config it makes
    // would hold 1,001,001 values.
    #expect(pyError("x = [[0] * 1000] * 1000\n") == "t.py:1:18: the config holds more than 100000 values (counting every nested item)")
}

@Test func pythonValuesNestedTooDeeplyThroughNamesAreRefused() {
    var text = "a0 = []\n"
    for level in 1...256 {
        text += "a\(level) = [a\(level - 1)]\n"
    }
    #expect(pyError(text) == "t.py:257:8: unsupported Python construct 'values nested deeper than 256 levels'")
}

@Test func pythonExpressionsTooComplexAreRefused() {
    let text = "x = 1" + String(repeating: " + 1", count: 300) + "\n"
    #expect(pyError(text) == "t.py:1:1027: expression too complex: more than 256 nested operations or brackets")
}

@Test func pythonStringsTooLongAreRefused() {
    #expect(pyError("x = 'ab' * 600_000\n") == "t.py:1:10: unsupported Python construct 'string longer than 1048576 bytes'")
    let half = "'" + String(repeating: "a", count: 600_000) + "'"
    #expect(pyError("x = " + half + " " + half + "\n") == "t.py:1:600008: string longer than 1048576 bytes")
}

@Test func pythonSplicedItemsAreCountedAgainstTheLimit() {
    #expect(pyError("a = [0] * 60000\nx = [*a, *a]\n") == "t.py:2:10: unsupported Python construct 'value of more than 100000 items'")
}

@Test func pythonConfigHoldingTooManyValuesInAllIsRefused() {
    let text = "a = [0] * 60000\n__scratch = [a, 1]\nb = [0] * 30000\nb = [1]\nc = a\n"
    #expect(pyError(text) == "t.py:5:5: the config holds more than 100000 values (counting every nested item)")
}
