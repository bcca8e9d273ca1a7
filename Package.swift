// swift-tools-version: 6.0
import PackageDescription

/// Pacer: an MMCV-style training-loop runner whose hooks and models are
/// shared libraries loaded through the C ABI in plugin-sdk/.
let package = Package(
    name: "Pacer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pacer", targets: ["pacer"]),
        .executable(name: "fashion-mnist-example", targets: ["FashionMNISTExample"]),
        .library(name: "Pacer", targets: ["Pacer", "PacerConfig", "PacerPlugins", "PacerTrain"]),
        // Config reading on its own (MMCV .py/.json/.yaml, _base_, --cfg-options); the fuzz
        // package in Tests/Fuzz builds against it.
        .library(name: "PacerConfig", targets: ["PacerConfig"]),
        .library(name: "PacerPluginKit", targets: ["PacerPluginKit"]),
        // Bundled plugins: each is its own shared library, found beside the
        // `pacer` executable at run time.
        .library(name: "PacerMLP", type: .dynamic, targets: ["PacerMLP"]),
        .library(name: "PacerEMAHook", type: .dynamic, targets: ["PacerEMAHook"]),
        .library(name: "PacerCNN", type: .dynamic, targets: ["PacerCNN"]),
        .library(name: "PacerImageClassifier", type: .dynamic, targets: ["PacerImageClassifier"]),
        .library(name: "PacerTextLogger", type: .dynamic, targets: ["PacerTextLogger"]),
        .library(name: "PacerTensorboardLogger", type: .dynamic, targets: ["PacerTensorboardLogger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The C ABI: headers only, the one contract between host and plugins.
        .target(name: "CPacer", path: "plugin-sdk/include", publicHeadersPath: "."),
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CFFI", path: "Sources/CFFI", pkgConfig: "libffi",
            providers: [.apt(["libffi-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibPNG", path: "Sources/CLibPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CLibJPEG", path: "Sources/CLibJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]),
        // libpng and libjpeg-turbo report errors by longjmp; this C target keeps
        // every call into them (and every jump) on the C side.
        .target(name: "CImageCodecs", dependencies: ["CLibPNG", "CLibJPEG"], path: "Sources/CImageCodecs"),

        // The host. It reads the git commit it was built from through a header that never
        // changes (CPacerBuildCommit); PacerBuildCommit defines it from the stamp the BuildCommit
        // plugin writes, so a new stamp recompiles that one module and relinks, nothing more.
        .target(name: "Pacer", dependencies: ["CPacerBuildCommit", "PacerBuildCommit"]),
        .target(name: "CPacerBuildCommit"),
        .target(name: "PacerBuildCommit", plugins: ["BuildCommit"]),
        .plugin(name: "BuildCommit", capability: .buildTool(), path: "Sources/BuildCommit"),
        .target(name: "PacerConfig", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "PacerPlugins", dependencies: ["Pacer", "PacerConfig", "CPacer"]),
        .target(
            name: "PacerTrain", dependencies: ["Pacer", "PacerConfig", "PacerPlugins", "CZlib", "CFFI", "CImageCodecs"]),
        .executableTarget(
            name: "pacer",
            dependencies: [
                "Pacer", "PacerConfig", "PacerPlugins", "PacerTrain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The dispatch benchmark (release builds only; never a timed test).
        .executableTarget(
            name: "pacer-bench", dependencies: ["Pacer", "PacerPlugins"], path: "bench/Sources/pacer-bench"),
        // Training speed of a config, beside bench/pytorch_peer.py (bench/vs-pytorch.sh).
        .executableTarget(
            name: "pacer-train-bench", dependencies: ["Pacer", "PacerConfig", "PacerTrain"],
            path: "bench/Sources/pacer-train-bench"),

        // The data path (an image folder through a pipeline), beside bench/torchvision_peer.py (bench/data-path.sh).
        .executableTarget(
            name: "pacer-data-bench", dependencies: ["Pacer", "PacerConfig", "PacerTrain"],
            path: "bench/Sources/pacer-data-bench"),

        // MMCV's four steps as a Swift program (README, "Pacer as a library").
        .executableTarget(name: "FashionMNISTExample", dependencies: ["Pacer", "PacerConfig", "PacerTrain"]),

        // The Swift kit for writing plugins in Swift.
        .target(name: "PacerPluginKit", dependencies: ["CPacer"], path: "plugin-sdk/swift"),

        // Bundled plugins. The model plugins share ModelKit, linked into each library.
        .target(
            name: "PacerModelKit", dependencies: ["CPacer", "COpenBLAS"], path: "Plugins/ModelKit",
            cSettings: [.unsafeFlags(["-O3", "-fvisibility=hidden"])]),
        .target(
            name: "PacerMLP", dependencies: ["CPacer", "COpenBLAS", "PacerModelKit"], path: "Plugins/MLP",
            publicHeadersPath: ".", cSettings: [.unsafeFlags(["-O3", "-fvisibility=hidden"])]),
        .target(
            name: "PacerCNN", dependencies: ["CPacer", "COpenBLAS", "PacerModelKit"], path: "Plugins/CNN",
            publicHeadersPath: ".", cSettings: [.unsafeFlags(["-O3", "-fvisibility=hidden"])]),
        // mmcls's ImageClassifier: a layer library in C (layers.h) composed by name from the config.
        .target(
            name: "PacerImageClassifier", dependencies: ["CPacer", "COpenBLAS", "PacerModelKit"],
            path: "Plugins/ImageClassifier", cSettings: [.unsafeFlags(["-O3", "-fvisibility=hidden"])]),
        .target(
            name: "PacerEMAHook", dependencies: ["CPacer"], path: "Plugins/EMAHook",
            publicHeadersPath: ".", cSettings: [.unsafeFlags(["-O3", "-fvisibility=hidden"])]),
        .target(
            name: "PacerTensorboardLogger", dependencies: ["CPacer"], path: "Plugins/TensorboardLogger",
            publicHeadersPath: ".", cSettings: [.unsafeFlags(["-O2", "-fvisibility=hidden"])]),
        .target(name: "PacerTextLogger", dependencies: ["PacerPluginKit", "CPacer"], path: "Plugins/TextLogger"),

        .testTarget(name: "PacerTests", dependencies: ["Pacer"]),
        .testTarget(name: "PacerConfigTests", dependencies: ["PacerConfig"]),
        .testTarget(name: "PacerTrainTests", dependencies: ["PacerTrain", "Pacer", "PacerConfig"]),
        .testTarget(
            name: "PacerTrainingHooksTests",
            dependencies: ["PacerTrain", "Pacer", "PacerConfig", "PacerPlugins"]),
        .testTarget(name: "FashionMNISTExampleTests", dependencies: ["FashionMNISTExample", "Pacer", "PacerTrain"]),
        .testTarget(
            name: "PacerEndToEndTests",
            dependencies: ["PacerTrain", "PacerPlugins", "Pacer", "PacerConfig"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
