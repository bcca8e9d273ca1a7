import Foundation
import PacerConfig

/// A fresh temporary folder for one test's config files.
struct TestFolder {
    /// The folder's absolute path.
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("pacer-config-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (which may contain folders) and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The merged config at `name`.
    func load(_ name: String) throws(ConfigError) -> Config {
        try ConfigLoader.load(path: path + "/" + name)
    }

    /// The one-line error loading `name` fails with, with the folder's path shown as `$F`.
    func loadError(_ name: String) -> String? {
        errorText { () throws(ConfigError) in try load(name) }?.replacingOccurrences(of: path, with: "$F")
    }
}
