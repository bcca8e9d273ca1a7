import Foundation
import Testing

/// The two shipped networks written as configs of the layer library
/// (configs/fashion_mnist/mlp_sequential.py and cnn_sequential.py: the
/// ImageClassifier plugin's `Sequential` backbone) build the network they
/// name and learn, trained with the real `pacer` executable on a few hundred
/// real Fashion-MNIST images.
@Suite struct SequentialConfigTests {
    private let pacer = Fixtures.buildDirectory + "/pacer"
    private static let configs = Fixtures.packageRoot + "/configs/fashion_mnist"

    struct Network: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let config: String
        /// Parameters the checkpoint must hold, with PyTorch's shapes.
        let shapes: [String: [Int]]
    }

    static let networks = [
        Network(testDescription: "the MLP 784-256-128-10", config: "mlp_sequential.py",
                shapes: ["backbone.1.weight": [256, 784], "backbone.3.weight": [128, 256],
                         "backbone.5.weight": [10, 128], "backbone.5.bias": [10]]),
        Network(testDescription: "the CNN conv 32, conv 64, FC 128", config: "cnn_sequential.py",
                shapes: ["backbone.0.weight": [32, 1, 3, 3], "backbone.3.weight": [64, 32, 3, 3],
                         "backbone.7.weight": [128, 3136], "backbone.9.weight": [10, 128]]),
    ]

    /// The shapes of the tensors in a safetensors file, by name.
    private func shapes(_ path: String) throws -> [String: [Int]] {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try #require(try JSONSerialization.jsonObject(with: file.dropFirst(8).prefix(length)) as? [String: Any])
        return header.compactMapValues { ($0 as? [String: Any])?["shape"] as? [Int] }
    }

    @Test(arguments: networks)
    func buildsTheNetworkAndLearnsFromAFewHundredImages(_ network: Network) throws {
        let folder = try Fixtures.temporaryDirectory()
        // 640 training images in batches of 32: 20 steps at the config's lr, momentum and
        // weight decay. No EMA: its average after 20 steps is mostly the initial weights.
        let result = try Fixtures.run(pacer, [
            "train", Self.configs + "/" + network.config, "--work-dir", folder + "/work",
            "--cfg-options", "runner.max_epochs=1", "data.samples_per_gpu=32", "data.train.num_samples=640",
            "data.val.num_samples=500", "custom_hooks=[]"])
        #expect(result.status == 0, "\(result.output)")

        let saved = try shapes(folder + "/work/epoch_1.safetensors")
        for (name, shape) in network.shapes { #expect(saved[name] == shape, "\(name)") }
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("Epoch(val)") },
                                "\(result.output)")
        let accuracy = try #require(line.split(separator: " ").last.flatMap { Double($0) }, "\(line)")
        // Chance is 0.1 on ten classes.
        #expect(accuracy > 0.4, "\(line)")
    }
}
