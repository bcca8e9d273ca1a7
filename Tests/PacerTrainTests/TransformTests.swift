import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

// MARK: - Helpers

/// A float image of `rows` (each row a list of pixels, each pixel a list of channel values).
private func image(_ rows: [[[Float]]]) -> Image {
    Image(height: rows.count, width: rows[0].count, channels: rows[0][0].count,
          pixels: .floats(rows.flatMap { $0.flatMap { $0 } }))
}

/// A one-channel float image of `rows`.
private func grey(_ rows: [[Float]]) -> Image { image(rows.map { $0.map { [$0] } }) }

/// The rows of a one-channel image.
private func rows(_ image: Image?) -> [[Float]] {
    guard let image else { return [] }
    let values: [Float]
    switch image.pixels {
    case .floats(let floats): values = floats
    case .bytes(let bytes): values = bytes.map(Float.init)
    }
    return (0..<image.height).map { y in Array(values[y * image.width * image.channels..<(y + 1) * image.width * image.channels]) }
}

/// `transform` applied to `image` with the stream of (seed, epoch, index).
private func applied(_ transform: any Transform, _ image: Image, seed: UInt64 = 0, epoch: Int = 0,
                     index: Int = 0) throws -> Image? {
    var sample = Sample(image: image, label: 0)
    var random = SampleRandom(seed: seed, epoch: epoch, index: index)
    try transform.apply(to: &sample, random: &random)
    return sample.image
}

/// The transform a config dict builds through the standard registry.
private func built(_ entries: ConfigDict) throws -> any Transform {
    let registries = try Registries.standard(pluginDirectories: [])
    let section = ConfigSection(file: "test.py", keyPath: ConfigKeyPath([.key("pipeline"), .index(0)]), entries: entries)
    guard case .string(let type) = entries["type"] else { throw DataError.invalidOption("no type") }
    return try registries.transforms.build(type, section)
}

// MARK: - Geometry

/// mmcls 0.x's geometric transforms, each checked against values worked
/// out by hand (or by the formula in the test), never against Pacer's own
/// functions.
@Suite("Geometric transforms")
struct GeometryTransformTests {
    @Test func bilinearResizeSamplesAtHalfPixelCentresClampedAtTheBorder() throws {
        // OpenCV's INTER_LINEAR: output x samples the source at (x + 0.5) * in / out - 0.5,
        // clamped to [0, in - 1]; the formula, written out here per axis.
        let source: [[Float]] = [[0, 100, 50], [200, 300, 20]]
        func tap(_ x: Int, out: Int, size: Int) -> (Int, Int, Float) {
            let s = max(0, min(Double(size - 1), (Double(x) + 0.5) * Double(size) / Double(out) - 0.5))
            let low = Int(s.rounded(.down))
            return (low, min(low + 1, size - 1), Float(s - Double(low)))
        }
        let (outHeight, outWidth) = (3, 5)
        var expected = [[Float]](repeating: [Float](repeating: 0, count: outWidth), count: outHeight)
        for y in 0..<outHeight {
            let (y0, y1, wy) = tap(y, out: outHeight, size: 2)
            for x in 0..<outWidth {
                let (x0, x1, wx) = tap(x, out: outWidth, size: 3)
                let top = source[y0][x0] * (1 - wx) + source[y0][x1] * wx
                let bottom = source[y1][x0] * (1 - wx) + source[y1][x1] * wx
                expected[y][x] = top * (1 - wy) + bottom * wy
            }
        }
        let result = rows(try applied(Resize(height: outHeight, width: outWidth), grey(source)))
        for (got, want) in zip(result.joined(), expected.joined()) { #expect(abs(got - want) < 1e-4) }
        #expect(result.count == 3 && result[0].count == 5)
    }

    @Test func bilinearResizeOfTwoByTwoToFourByFourByHand() throws {
        // Sample positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        let result = rows(try applied(Resize(height: 4, width: 4), grey([[0, 100], [200, 300]])))
        #expect(result == [[0, 25, 75, 100], [50, 75, 125, 150], [150, 175, 225, 250], [200, 225, 275, 300]])
    }

    @Test func bytesStayBytesRoundedToTheNearestLevel() throws {
        let bytes = Image(height: 1, width: 4, channels: 1, pixels: .bytes([10, 20, 30, 40]))
        let result = try applied(Resize(height: 1, width: 2), bytes)
        #expect(result?.pixels == .bytes([15, 35]))
    }

    @Test func nearestResizeTakesTheSourcePixelUnderEachOutputPixel() throws {
        let result = rows(try applied(Resize(height: 1, width: 6, interpolation: .nearest), grey([[1, 2, 3]])))
        #expect(result == [[1, 1, 2, 2, 3, 3]])
    }

    @Test func resizeWithMinusOneKeepsTheAspectRatioOfTheShortSide() throws {
        let transform = try built(["type": "Resize", "size": [14, -1]])
        #expect(try transform.outputShape(of: ImageShape(height: 28, width: 56, channels: 1))
            == ImageShape(height: 14, width: 28, channels: 1))
        #expect(try transform.outputShape(of: ImageShape(height: 30, width: 20, channels: 3))
            == ImageShape(height: 21, width: 14, channels: 3))  // int(14 * 30 / 20) = 21
        let square = try built(["type": "Resize", "size": 32])
        #expect(try square.outputShape(of: ImageShape(height: 28, width: 56, channels: 1))
            == ImageShape(height: 32, width: 32, channels: 1))
    }

    @Test func centerCropStartsAtPythonsRoundHalfToEven() throws {
        let source = (0..<4).map { y in (0..<4).map { x in Float(y * 4 + x) } }
        // (4 - 1) / 2 = 1.5 rounds to 2; (4 - 2) / 2 = 1.
        #expect(rows(try applied(CenterCrop(height: 1, width: 1), grey(source))) == [[10]])
        #expect(rows(try applied(CenterCrop(height: 2, width: 2), grey(source))) == [[5, 6], [9, 10]])
        // A window larger than the image keeps the image's extent, as mmcls.
        #expect(rows(try applied(CenterCrop(height: 6, width: 2), grey(source))) == [[1, 2], [5, 6], [9, 10], [13, 14]])
    }

    @Test func padFillsBottomAndRightInEachPaddingMode() throws {
        let row = grey([[1, 2, 3]])
        func padded(_ mode: String) throws -> [[Float]] {
            rows(try applied(try built(["type": "Pad", "size": [1, 6], "pad_val": 7, "padding_mode": .string(mode)]), row))
        }
        // numpy.pad's modes, worked by hand.
        #expect(try padded("constant") == [[1, 2, 3, 7, 7, 7]])
        #expect(try padded("edge") == [[1, 2, 3, 3, 3, 3]])
        #expect(try padded("reflect") == [[1, 2, 3, 2, 1, 2]])
        #expect(try padded("symmetric") == [[1, 2, 3, 3, 2, 1]])
        let square = try applied(try built(["type": "Pad", "pad_to_square": true]), grey([[1, 2]]))
        #expect(rows(square) == [[1, 2], [0, 0]])
    }

    @Test func randomCropWithPaddingTakesEveryWindowOfThePaddedImage() throws {
        let transform = try built(["type": "RandomCrop", "size": 2, "padding": 1, "pad_val": 9])
        let padded: [[Float]] = [[9, 9, 9, 9], [9, 1, 2, 9], [9, 3, 4, 9], [9, 9, 9, 9]]
        var seen = Set<[[Float]]>()
        for index in 0..<200 {
            let window = rows(try applied(transform, grey([[1, 2], [3, 4]]), index: index))
            let fits = (0...2).contains { top in
                (0...2).contains { left in window == [Array(padded[top][left..<left + 2]), Array(padded[top + 1][left..<left + 2])] }
            }
            #expect(fits)
            seen.insert(window)
        }
        #expect(seen.count == 9)
    }

    @Test func randomCropPadIfNeededPadsTheShortfallOnBothSides() throws {
        let transform = try built(["type": "RandomCrop", "size": [4, 4], "pad_if_needed": true, "padding_mode": "edge"])
        #expect(try transform.outputShape(of: ImageShape(height: 2, width: 3, channels: 1))
            == ImageShape(height: 4, width: 4, channels: 1))
        let window = rows(try applied(transform, grey([[5, 5, 5], [5, 5, 5]])))
        #expect(window == [[Float]](repeating: [5, 5, 5, 5], count: 4))
    }

    @Test func randomCropLargerThanTheImageIsRefusedBeforeTraining() throws {
        let transform = try built(["type": "RandomCrop", "size": 32])
        #expect(throws: DataError.self) { try transform.outputShape(of: ImageShape(height: 28, width: 28, channels: 1)) }
    }

    @Test func randomResizedCropOfTheWholeAreaAtRatioOneIsTheImage() throws {
        let transform = try built(["type": "RandomResizedCrop", "size": 3, "scale": [1.0, 1.0], "ratio": [1.0, 1.0]])
        let source: [[Float]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
        #expect(rows(try applied(transform, grey(source), index: 5)) == source)
    }

    @Test func randomResizedCropFallsBackToTheCentreWhenNoDrawFits() throws {
        // scale above 1 never fits; a 1x4 image is wider than ratio 1, so the
        // centre window is 1x1 (round(1 * 1)), at column (4 - 1) // 2 = 1.
        let transform = try built(["type": "RandomResizedCrop", "size": 1, "scale": [2.0, 3.0], "ratio": [1.0, 1.0],
                                   "max_attempts": 3])
        #expect(rows(try applied(transform, grey([[1, 2, 3, 4]]))) == [[2]])
    }

    @Test func randomFlipMirrorsInTheGivenDirection() throws {
        let source: [[Float]] = [[1, 2], [3, 4]]
        #expect(rows(try applied(try built(["type": "RandomFlip", "flip_prob": 1.0]), grey(source))) == [[2, 1], [4, 3]])
        #expect(rows(try applied(try built(["type": "RandomFlip", "flip_prob": 1.0, "direction": "vertical"]), grey(source)))
            == [[3, 4], [1, 2]])
        #expect(rows(try applied(try built(["type": "RandomFlip", "flip_prob": 0.0]), grey(source))) == source)
    }

    @Test func randomFlipFlipsAboutHalfTheSamples() throws {
        let transform = try built(["type": "RandomFlip"])
        let flips = try (0..<2000).filter { index in
            rows(try applied(transform, grey([[1, 2]]), seed: 3, index: index)) == [[2, 1]]
        }.count
        #expect((900...1100).contains(flips))
    }
}

// MARK: - Values and formatting

@Suite("Value and formatting transforms")
struct ValueTransformTests {
    @Test func normalizeReversesBGRThenSubtractsAndDivides() throws {
        let transform = try built(["type": "Normalize", "mean": [1, 2, 3], "std": [2, 4, 5], "to_rgb": true])
        let bgr = Image(height: 1, width: 1, channels: 3, pixels: .bytes([10, 20, 30]))
        // RGB (30, 20, 10): (30 - 1) / 2, (20 - 2) / 4, (10 - 3) / 5.
        let result = try applied(transform, bgr)
        guard case .floats(let values) = result?.pixels else { Issue.record("expected floats"); return }
        for (got, want) in zip(values, [14.5, 4.5, 1.4] as [Float]) { #expect(abs(got - want) < 1e-5) }
    }

    @Test func toRGBOnAOneChannelImageDoesNothing() throws {
        let transform = try built(["type": "Normalize", "mean": [33.46], "std": [78.87], "to_rgb": true])
        let result = try applied(transform, Image(height: 1, width: 2, channels: 1, pixels: .bytes([50, 0])))
        guard case .floats(let values) = result?.pixels else { Issue.record("expected floats"); return }
        #expect(abs(values[0] - Float((50 - 33.46) / 78.87)) < 1e-5)
        #expect(abs(values[1] - Float(-33.46 / 78.87)) < 1e-5)
    }

    @Test func normalizeWithTheWrongNumberOfMeansIsRefused() throws {
        let transform = try built(["type": "Normalize", "mean": [1, 2], "std": [1]])
        #expect(throws: DataError.self) { try transform.outputShape(of: ImageShape(height: 2, width: 2, channels: 3)) }
    }

    @Test func formattingStepsAcceptOnlyTheBatchFields() throws {
        for type in ["ImageToTensor", "ToTensor", "ToNumpy"] {
            _ = try built(["type": .string(type), "keys": ["img", "gt_label"]])
        }
        _ = try built(["type": "Collect", "keys": ["img", "gt_label"], "meta_keys": ["filename", "flip"]])
        #expect(throws: BuildError.self) { try built(["type": "Collect", "keys": ["img", "gt_bboxes"]]) }
    }

    @Test func badArgumentsAreOneLineNamingTheKey() throws {
        let cases: [(ConfigDict, String)] = [
            (["type": "Resize", "size": 32, "interpolation": "bicubc"],
             "test.py: 'pipeline.0.interpolation' is 'bicubc'; it must be one of 'nearest', 'bilinear'"),
            (["type": "RandomFlip", "direction": "diagonal"],
             "test.py: 'pipeline.0.direction' is 'diagonal'; it must be one of 'horizontal', 'vertical'"),
            (["type": "RandomCrop", "size": 4, "padding": [1, 2, 3]],
             "test.py: 'pipeline.0.padding' must be an int, (left/right, top/bottom) or (left, top, right, bottom)"),
            (["type": "Pad", "size": [4, 4], "padding_mode": "wrap"],
             "test.py: 'pipeline.0.padding_mode' is 'wrap'; it must be one of 'constant', 'edge', 'reflect', 'symmetric'"),
        ]
        for (entries, message) in cases {
            do {
                _ = try built(entries)
                Issue.record("\(entries) was accepted")
            } catch {
                #expect("\(error)" == message)
            }
        }
    }
}

// MARK: - Random streams

@Suite("SampleRandom")
struct SampleRandomTests {
    private static func draws(_ seed: UInt64, _ epoch: Int, _ index: Int) -> [Int] {
        var random = SampleRandom(seed: seed, epoch: epoch, index: index)
        return (0..<8).map { _ in random.integer(0, 1_000_000) }
    }

    @Test func aStreamDependsOnlyOnSeedEpochAndIndex() {
        #expect(Self.draws(7, 2, 11) == Self.draws(7, 2, 11))
        #expect(Self.draws(7, 2, 11) != Self.draws(8, 2, 11))
        #expect(Self.draws(7, 2, 11) != Self.draws(7, 3, 11))
        #expect(Self.draws(7, 2, 11) != Self.draws(7, 2, 12))
        // Swapping epoch and index gives another stream.
        #expect(Self.draws(7, 2, 11) != Self.draws(7, 11, 2))
    }

    @Test func integersCoverTheClosedRangeAndUnitsStayBelowOne() {
        var random = SampleRandom(seed: 1, epoch: 0, index: 0)
        let integers = Set((0..<500).map { _ in random.integer(3, 6) })
        #expect(integers == [3, 4, 5, 6])
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(random.unit()) })
    }
}
