import Foundation
import PacerConfig
import PacerTrain
import Testing

extension Fixtures {
    /// Expects the session of `config`, written into `folder` with its work
    /// dir at `folder/work`, to be refused before training: one line that
    /// starts with the config file's path and the ImageClassifier plugin and
    /// contains `expected`, and no checkpoint written.
    static func expectImageClassifierRefuses(_ config: ConfigDict, in folder: String, saying expected: String,
                                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try writeConfig(config, in: folder)
        #expect(sourceLocation: sourceLocation) {
            try TrainingSession(config: ConfigLoader.load(path: path))
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(path + ": model: plugin ImageClassifier (") && text.contains(expected)
                && !text.contains("\n")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/work/epoch_1.safetensors"),
                sourceLocation: sourceLocation)
    }
}
