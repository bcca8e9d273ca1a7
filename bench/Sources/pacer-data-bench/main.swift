import Foundation
import Pacer
import PacerConfig
import PacerTrain

// pacer-data-bench: how fast Pacer's data path feeds a model, in a release build.
//
//   .build/release/pacer-data-bench CONFIG FOLDER [EPOCHS]      (EPOCHS defaults to 2)
//
// Builds data.train of CONFIG (bench/data_path.py) with data_prefix=FOLDER
// through the datasets and transforms registries, as `pacer train` does,
// and its loader with the config's samples_per_gpu and workers_per_gpu,
// shuffled; then takes every batch of 1 + EPOCHS epochs, doing nothing
// with them, as bench/torchvision_peer.py does with its DataLoader. Each
// epoch is timed by the wall clock; the first is warm-up and left out of
// the mean. Building the dataset (listing the folder and reading every
// image header) is timed apart.

let arguments = Array(CommandLine.arguments.dropFirst())
guard (2...3).contains(arguments.count), let epochs = arguments.count == 3 ? Int(arguments[2]) : 2, epochs > 0 else {
    print("usage: pacer-data-bench CONFIG FOLDER [EPOCHS]")
    exit(2)
}

do {
    var config = try ConfigLoader.load(path: arguments[0])
    try config.merge(ConfigOption.parse(["data.train.data_prefix=\(arguments[1])"]))
    let data = try config.dict("data")
    let registries = try Registries.standard(pluginDirectories: [])
    let buildStart = ContinuousClock.now
    let dataset = try buildDataset(config: data.dict("train").entries, registries: registries, seed: 0)
    let building = ContinuousClock.now - buildStart
    let loader = buildDataLoader(dataset: dataset, samplesPerGPU: try data.int("samples_per_gpu"),
                                 workersPerGPU: try data.int("workers_per_gpu"), shuffle: true, seed: 0)
    print(String(format: "building the dataset: %.3f s for %d images", building / .seconds(1), dataset.count))

    var timed: [(seconds: Double, images: Int)] = []
    for epoch in 0...epochs {
        let start = ContinuousClock.now
        loader.setEpoch(epoch)
        var images = 0
        for index in 0..<loader.count {
            images += try loader.batch(at: index).fields[0].shape[0]
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print(String(format: "epoch %d: %.3f s, %d images%@", epoch + 1, seconds, images,
                     epoch == 0 ? " (warm-up, not counted)" : ""))
        if epoch > 0 { timed.append((seconds, images)) }
    }
    let seconds = timed.map(\.seconds).reduce(0, +) / Double(timed.count)
    let images = Double(timed.map(\.images).reduce(0, +)) / Double(timed.count)
    print(String(format: "pacer: %.3f s per epoch, %@ images/s", seconds,
                 (images / seconds).formatted(.number.precision(.fractionLength(0)))))
} catch {
    print("pacer-data-bench: \(error)")
    exit(1)
}
