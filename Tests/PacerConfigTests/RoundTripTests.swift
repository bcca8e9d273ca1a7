import PacerConfig
import Testing

/// A tree with every kind of value, awkward strings and keys, and long lines.
let awkwardEntries: ConfigDict = [
    "model": [
        "type": "MLPClassifier", "hidden": [256, 128], "act": .null, "flag": true, "ratio": 0.1,
        "tiny": 1e-05, "big": 1e300, "neg": -3, "huge": .int(Int.max),
    ],
    "workflow": [.tuple(["train", 1]), .tuple(["val", 1])],
    "single": .tuple(["x"]),
    "empty": ["d": .dict([:]), "l": .list([]), "t": .tuple([])],
    "strings": [
        "quote'": "it's \"quoted\"", "a-b c": "tab\tline\nbreak\\", "": "", "unicode": "Größe 😀 \u{200B}\u{85}\u{2028}",
        "numbers": ["1", "1.5", "1e5", "0x10", "yes", "null", "~", "True", "None", "-", "<<", "=", ".inf", "1:30", "#x", "a: b", "a #b"],
        "spaces": [" lead", "trail ", "  "], "controls": "\u{0}\u{1}\u{7F}\u{9F}\u{FEFF}", "braces": "{{_base_.x}} {{ fileDirname }}",
    ],
    "nested": [[[1, [2, [3, .tuple([4, ["k": [5]]])]]]]],
    "long_list": .list((0..<40).map { .int($0) }),
    "long_dict": .dict(ConfigDict((0..<15).map { ("key_number_\($0)", .string("value number \($0)")) })),
]

private func reread(_ text: String, as format: ConfigFormat) throws(ConfigError) -> ConfigDict {
    let bytes = Array(text.utf8)
    switch format {
    case .py: return try PythonReader.parse(bytes, file: "r.py").entries
    case .json: return try JSONReader.parse(bytes, file: "r.json").entries
    case .yaml: return try YAMLReader.parse(bytes, file: "r.yaml").entries
    }
}

@Test func pythonDumpReadsBackToTheSameTree() throws {
    let config = Config(file: "x.py", entries: awkwardEntries)
    #expect(try reread(config.dump(as: .py), as: .py) == awkwardEntries)
}

@Test func yamlDumpReadsBackToTheSameTree() throws {
    let config = Config(file: "x.py", entries: awkwardEntries)
    #expect(try reread(config.dump(as: .yaml), as: .yaml) == awkwardEntries)
}

@Test func jsonDumpReadsBackToTheSameTreeWithTuplesAsLists() throws {
    let config = Config(file: "x.py", entries: ["w": [.tuple(["train", 1])], "a": ["b": 0.1]])
    #expect(try reread(config.dump(as: .json), as: .json) == ["w": [["train", 1]], "a": ["b": 0.1]])
}

@Test func nanSurvivesPythonAndYAMLDumps() throws {
    let config = Config(file: "x.py", entries: ["n": .double(.nan)])
    for format in [ConfigFormat.py, .yaml] {
        guard case .double(let value)? = try reread(config.dump(as: format), as: format)["n"] else {
            Issue.record("not a double in \(format)")
            continue
        }
        #expect(value.isNaN)
    }
}

@Test func yamlDumpLaysOutBlocksAsPyYAMLDoes() throws {
    let config = Config(file: "x.py", entries: [
        "model": ["type": "MLP", "hidden": [256, 128]], "workflow": [.tuple(["train", 1])],
        "hooks": [["type": "A", "args": [1]]], "empty": .dict([:]), "s": "1",
    ])
    #expect(try config.dump(as: .yaml) == """
        model:
          type: MLP
          hidden:
          - 256
          - 128
        workflow:
        - !!python/tuple
          - train
          - 1
        hooks:
        - type: A
          args:
          - 1
        empty: {}
        s: "1"

        """)
}

@Test func yamlDumpWritesKeysLongerThanYAMLAllowsImplicitlyAsExplicitKeys() throws {
    let long = String(repeating: "k", count: 1500)
    let list: ConfigValue = [1, 2]
    let inner = ConfigDict([(long, ["a": 1] as ConfigValue), ("l", .dict(ConfigDict([(long + "x", list)])))])
    let entries = ConfigDict([(long, 1 as ConfigValue), ("m", .dict(inner))])
    let text = try Config(file: "x.py", entries: entries).dump(as: .yaml)
    #expect(text.hasPrefix("? " + long + "\n: 1\n"))
    #expect(try reread(text, as: .yaml) == entries)
}
