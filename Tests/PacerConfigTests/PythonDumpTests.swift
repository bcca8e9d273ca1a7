import PacerConfig
import Testing

private func dumped(_ entries: ConfigDict) throws(ConfigError) -> String {
    try Config(file: "x.py", entries: entries).dump(as: .py)
}

@Test func pythonDumpWritesOneAssignmentPerTopLevelKey() throws {
    #expect(try dumped(["a": 1, "b": "x", "c": .null, "d": true]) == "a = 1\nb = 'x'\nc = None\nd = True\n")
}

@Test func pythonDumpUsesDictCallsForNameKeysAndBracesOtherwise() throws {
    #expect(try dumped(["m": ["type": "MLP", "n": 2], "k": ["a-b": 1, "class": 2]])
        == "m = dict(type='MLP', n=2)\nk = {'a-b': 1, 'class': 2}\n")
}

@Test func pythonDumpWritesTuplesListsAndEmptyContainers() throws {
    #expect(try dumped(["w": [.tuple(["train", 1])], "t": .tuple([1]), "e": .tuple([]), "l": .list([]), "d": .dict([:])])
        == "w = [('train', 1)]\nt = (1,)\ne = ()\nl = []\nd = dict()\n")
}

@Test func pythonDumpWritesFloatsAsPythonReprDoes() throws {
    #expect(try dumped(["a": 0.1, "b": 1e-05, "c": 100.0, "d": 1e16, "e": -0.0]) == "a = 0.1\nb = 1e-05\nc = 100.0\nd = 1e+16\ne = -0.0\n")
}

@Test func pythonDumpWritesStringsAsPythonReprDoes() throws {
    #expect(try dumped(["a": "it's", "b": "say \"hi\" it's", "c": "tab\tnew\nline\\", "d": "\u{01}\u{7F}é\u{200B}"])
        == "a = \"it's\"\nb = 'say \"hi\" it\\'s'\nc = 'tab\\tnew\\nline\\\\'\nd = '\\x01\\x7fé\\u200b'\n")
}

@Test func pythonDumpBreaksLongValuesOneItemPerLine() throws {
    let entries: ConfigDict = [
        "data": [
            "samples_per_gpu": 128,
            "train": ["type": "FashionMNIST", "data_root": "/usr/share/datasets/fashion-mnist", "split": "train"],
        ]
    ]
    #expect(try dumped(entries) == """
        data = dict(
            samples_per_gpu=128,
            train=dict(
                type='FashionMNIST',
                data_root='/usr/share/datasets/fashion-mnist',
                split='train'))

        """)
}

@Test func pythonDumpRefusesTopLevelKeysThatAreNotNames() {
    let error = errorText { () throws(ConfigError) in try dumped(["work-dir": 1]) }
    #expect(error == "x.py: top-level key 'work-dir' is not a Python name, so the config cannot be written as .py (write it as json or yaml)")
    #expect(errorText { () throws(ConfigError) in try dumped(["__x": 1]) } != nil)
}

@Test func pythonDumpWritesNonFiniteFloatsAndTheSmallestIntegerReadably() throws {
    let text = try dumped(["a": .double(.infinity), "b": .double(-.infinity), "c": .int(Int.min)])
    #expect(text == "a = 1e999\nb = -1e999\nc = (-9223372036854775807 - 1)\n")
    #expect(try py(text) == ["a": .double(.infinity), "b": .double(-.infinity), "c": .int(Int.min)])
}

@Test func pythonDumpOfAConfigWithADictKeyWritesBracesSoItReadsBack() throws {
    // Found by the fuzzer: `dict = dict(a=1)` then `g = dict(b=2)` would call the dict bound
    // to the name, which Python refuses ("'dict' object is not callable").
    let config = Config(file: "t.py", entries: ["dict": ["a": 1], "g": ["b": 2]])
    let text = try config.dump(as: .py)
    #expect(text == "dict = {'a': 1}\ng = {'b': 2}\n")
    #expect(try py(text) == config.entries)
}
