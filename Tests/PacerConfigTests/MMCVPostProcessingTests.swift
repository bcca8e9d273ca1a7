import PacerConfig
import Testing

@Test func deprecationKeyIsRemovedAndMMCVsWarningKeptAsANote() throws {
    let folder = try TestFolder()
    try folder.write("old.py", "_deprecation_ = dict(expected='new.py', reference='https://x/y')\nlr = 0.1\n")
    let config = try folder.load("old.py")
    #expect(config.entries.keys == ["lr"])
    // mmcv 1.7.2, Config._file2dict: warning_msg for the same file.
    #expect(config.notes == [
        "The config file \(folder.path)/old.py will be deprecated in the future. Please use new.py instead. "
            + "More information can be found at https://x/y"
    ])
}

@Test func deprecationKeyOfABaseIsRemovedToo() throws {
    let folder = try TestFolder()
    try folder.write("base.json", #"{"_deprecation_": {}, "a": 1}"#)
    try folder.write("child.py", "_base_ = 'base.json'\nb = 2\n")
    let config = try folder.load("child.py")
    #expect(config.entries.keys == ["a", "b"])
    #expect(config.notes == ["The config file \(folder.path)/base.json will be deprecated in the future."])
}

@Test func mmcvPrettyTextDumpsWithDictOfABraceDictRead() throws {
    // mmcv 1.7.2: Config(dict(x={'a-b': 1, 'c': dict(d=[1, (2, 3)])}, y=1e-08,
    // z=[dict(type='A', **{'k.1': 2})])).pretty_text
    let text = "x = dict({'a-b': 1, 'c': dict(d=[1, (2, 3)])})\ny = 1e-08\nz = [dict({'type': 'A', 'k.1': 2})]\n"
    let entries = try py(text)
    #expect(entries["x"] == ["a-b": 1, "c": ["d": [1, .tuple([2, 3])]]])
    #expect(entries["y"] == .double(1e-08))
    #expect(entries["z"] == [["type": "A", "k.1": 2]])
}

@Test func yamlDumpWritesFloatsAsPyYAMLDoes() throws {
    let config = Config(
        file: "t.py",
        entries: ["a": 1e-08, "b": 1e16, "c": .double(.infinity), "d": .double(-.infinity), "e": 1.5e300, "f": 0.1])
    // python: yaml.dump({'a': 1e-08, 'b': 1e16, 'c': float('inf'), 'd': float('-inf'), 'e': 1.5e300, 'f': 0.1})
    #expect(try config.dump(as: .yaml) == "a: 1.0e-08\nb: 1.0e+16\nc: .inf\nd: -.inf\ne: 1.5e+300\nf: 0.1\n")
}
