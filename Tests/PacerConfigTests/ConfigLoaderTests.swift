import Foundation
import PacerConfig
import Testing

/// A fresh folder for one test's files.
private func scratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("pacer-config-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to `name` in `folder` and returns the file's path.
private func write(_ text: String, _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

private func loadError(_ path: String) -> String? {
    errorText { () throws(ConfigError) in try ConfigLoader.load(path: path) }
}

@Test func loadsAJSONConfig() throws {
    let folder = try scratchFolder()
    let path = try write(#"{"runner": {"max_epochs": 2}, "seed": 1}"#, "x.json", in: folder)
    let config = try ConfigLoader.load(path: path)
    #expect(config.file == path)
    #expect(config.entries == ["runner": ["max_epochs": 2], "seed": 1])
}

@Test func missingFileNamesThePath() {
    #expect(loadError("configs/does-not-exist.json") == "configs/does-not-exist.json: no such config file")
}

@Test func missingFileIsReportedBeforeItsFormat() {
    #expect(loadError("configs/does-not-exist.py") == "configs/does-not-exist.py: no such config file")
}

@Test func unreadableFileGivesTheSystemReason() throws {
    let folder = try scratchFolder()
    let path = folder.appendingPathComponent("folder.json").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    #expect(loadError(path) == "\(path): cannot read config file: Is a directory")
}

@Test func loadsAPythonConfig() throws {
    let path = try write("runner = dict(max_epochs=2)\n", "x.py", in: try scratchFolder())
    #expect(try ConfigLoader.load(path: path).entries == ["runner": ["max_epochs": 2]])
}

@Test func loadsYAMLConfigsWithEitherExtension() throws {
    let folder = try scratchFolder()
    let yaml = try write("seed: 1\n", "x.yaml", in: folder)
    let yml = try write("seed: 2\n", "x.yml", in: folder)
    #expect(try ConfigLoader.load(path: yaml).entries == ["seed": 1])
    #expect(try ConfigLoader.load(path: yml).entries == ["seed": 2])
}

@Test func unsupportedExtensionListsTheSupportedOnes() throws {
    let path = try write("seed = 1\n", "x.toml", in: try scratchFolder())
    #expect(loadError(path) == "\(path): unsupported config format '.toml' (supported: .py, .json, .yaml, .yml)")
}

@Test func fileWithoutExtensionIsRejected() throws {
    let path = try write("{}", ".config", in: try scratchFolder())
    #expect(loadError(path) == "\(path): config file has no extension (supported: .py, .json, .yaml, .yml)")
}

@Test func syntaxErrorNamesThePathLineAndColumn() throws {
    let path = try write("{\n  \"seed\": 1,\n}\n", "x.json", in: try scratchFolder())
    #expect(loadError(path) == "\(path):3:1: trailing comma before '}'")
}

@Test func topLevelArrayIsRejected() throws {
    let path = try write("[1, 2]", "x.json", in: try scratchFolder())
    #expect(loadError(path) == "\(path): top level must be a JSON object")
}
