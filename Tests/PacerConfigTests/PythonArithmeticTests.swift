import PacerConfig
import Testing

@Test func pythonIntegerArithmetic() throws {
    #expect(try pyValue("[2 + 3, 2 - 5, 4 * 3, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2 ** 10]") == [5, -3, 12, 3, -4, 1, 2, -2, 1024])
}

@Test func pythonTrueDivisionGivesAFloat() throws {
    #expect(try pyValue("[6 / 3, 1 / 4]") == [2.0, 0.25])
}

@Test func pythonFloatArithmetic() throws {
    #expect(try pyValue("[0.1 * 3, 7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 2.0 ** 0.5, 1 + 0.5]") == [
        .double(0.1 * 3), 3.0, -4.0, 1.5, 0.5, .double(2.0.squareRoot()), 1.5,
    ])
}

@Test func pythonNegativeIntegerPowerGivesAFloat() throws {
    #expect(try pyValue("2 ** -2") == 0.25)
}

@Test func pythonPrecedenceAndAssociativity() throws {
    #expect(try pyValue("[1 + 2 * 3, (1 + 2) * 3, 2 ** 3 ** 2, -2 ** 2, 10 - 4 - 3, 2 * -3]") == [7, 9, 512, -4, 3, -6])
}

@Test func pythonLearningRateScaledByName() throws {
    #expect(try py("base_lr = 0.1\ngpus = 8\nlr = base_lr * gpus / 16\n")["lr"] == 0.05)
}

@Test func pythonBooleansCountAsIntegers() throws {
    #expect(try pyValue("[True + True, False * 3, -True]") == [2, 0, -1])
}

@Test func pythonPlusJoinsStringsListsAndTuples() throws {
    #expect(try pyValue("['a' + 'b', [1] + [2, 3], (1,) + (2,)]") == ["ab", [1, 2, 3], .tuple([1, 2])])
}

@Test func pythonStarRepeatsStringsListsAndTuples() throws {
    #expect(try pyValue("['ab' * 2, [0] * 3, 2 * (1,), [1] * 0, 'x' * -1]") == ["abab", [0, 0, 0], .tuple([1, 1]), .list([]), ""])
}

@Test func pythonBaseListsCanBeExtendedWithPlus() throws {
    let text = "base_hooks = [dict(type='A')]\ncustom_hooks = base_hooks + [dict(type='B')]\n"
    #expect(try py(text)["custom_hooks"] == [["type": "A"], ["type": "B"]])
}
