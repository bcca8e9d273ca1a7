// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer targets for Pacer's config readers and its checkpoint reader. Not part of the root package, so plain
// `swift build` / `swift test` never build them; Tests/Fuzz/run builds them with
// `-sanitize=fuzzer` and runs them.

/// The root package, two folders up; SwiftPM names a path dependency after its folder.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let package = Package(
    name: "PacerConfigFuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "CFuzzer"),
        .target(
            name: "FuzzOracle",
            dependencies: ["CFuzzer", .product(name: "PacerConfig", package: root.lastPathComponent)]),
        .executableTarget(name: "FuzzPython", dependencies: ["FuzzOracle"]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzOracle"]),
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzOracle"]),
        .executableTarget(name: "FuzzOptions", dependencies: ["FuzzOracle"]),
        .executableTarget(
            name: "FuzzCheckpoint",
            dependencies: ["FuzzOracle", .product(name: "Pacer", package: root.lastPathComponent)]),
    ],
    swiftLanguageModes: [.v6]
)
