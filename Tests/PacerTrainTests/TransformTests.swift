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

    /// Values printed by OpenCV 5.1 (`cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)`,
    /// what mmcv 1.7.2's `imresize` calls) in /work/bench-venv: for the
    /// 3x5 RGB image below to 4x7, and for training image 11 of Debian's
    /// Fashion-MNIST (`train-images-idx3-ubyte.gz`) to 32x32, the resize of
    /// configs/fashion_mnist/lenet5_mmcls.py. Rounding the exact bilinear value
    /// instead gives 81 of that image's 1024 pixels one level off (top and
    /// bottom rows among them).
    @Test func bilinearResizeOfBytesEqualsOpenCVsFixedPointResult() throws {
        let source: [UInt8] = (0..<45).map { UInt8(7 + 5 * $0) }
        let rgb = try applied(Resize(height: 4, width: 7), Image(height: 3, width: 5, channels: 3, pixels: .bytes(source)))
        #expect(rgb?.pixels == .bytes([
            7, 12, 17, 15, 20, 25, 26, 31, 36, 37, 42, 47, 47, 53, 57, 58, 63, 68, 67, 72, 77,
            54, 59, 64, 62, 67, 72, 73, 78, 83, 84, 89, 94, 94, 100, 104, 105, 110, 115, 114, 119, 124,
            110, 115, 120, 119, 123, 129, 129, 134, 139, 140, 145, 150, 151, 156, 161, 161, 167, 171, 170, 175, 180,
            157, 162, 167, 165, 170, 175, 176, 181, 186, 187, 192, 197, 197, 203, 207, 208, 213, 218, 217, 222, 227,
        ]))

        let train = try MNISTDataset(.fashionMNIST, dataPrefix: FashionMNISTTests.root, testMode: false, limit: 12)
        let image = try #require(try train.sample(at: 11).image)
        let resized = try applied(Resize(height: 32, width: 32), image)
        let openCV: [[UInt8]] = [
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 37, 97, 98, 88, 59, 18, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 10, 151, 208, 219, 221, 218, 185, 133, 165, 172, 131, 43, 3, 1, 2, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 13, 193, 227, 236, 236, 240, 237, 221, 238, 238, 225, 140, 45, 3, 5, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 17, 216, 230, 233, 236, 237, 234, 232, 251, 246, 251, 136, 36, 3, 5, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 6, 48, 235, 235, 235, 241, 240, 229, 225, 251, 247, 234, 98, 22, 7, 3, 1, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 17, 98, 237, 230, 238, 245, 242, 235, 236, 254, 248, 195, 102, 49, 20, 1, 2, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26, 143, 225, 215, 231, 243, 239, 236, 247, 245, 242, 150, 108, 72, 29, 1, 2, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 36, 194, 228, 207, 192, 206, 219, 228, 243, 209, 247, 148, 59, 13, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 41, 223, 239, 249, 239, 235, 230, 214, 199, 215, 174, 39, 4, 1, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 15, 85, 239, 211, 223, 233, 229, 230, 225, 207, 244, 180, 33, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 39, 147, 244, 206, 207, 216, 215, 219, 218, 204, 246, 128, 101, 30, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 60, 200, 235, 222, 224, 230, 229, 230, 224, 211, 241, 54, 99, 104, 44, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 9, 88, 234, 225, 233, 238, 235, 239, 239, 225, 216, 245, 108, 69, 165, 92, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 30, 126, 247, 220, 231, 233, 222, 235, 233, 211, 217, 252, 235, 100, 197, 139, 28, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 60, 169, 237, 221, 230, 232, 228, 242, 227, 200, 224, 250, 252, 191, 227, 206, 103, 10, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 8, 108, 220, 209, 240, 247, 242, 232, 243, 220, 192, 233, 251, 241, 252, 234, 224, 161, 57, 5, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 69, 180, 239, 210, 216, 248, 251, 236, 243, 220, 191, 232, 253, 240, 244, 235, 226, 188, 126, 69, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 117, 223, 238, 231, 222, 214, 238, 243, 235, 210, 196, 228, 253, 239, 250, 239, 196, 107, 24, 14, 0],
            [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 36, 162, 243, 240, 245, 242, 228, 213, 213, 223, 212, 196, 218, 252, 237, 251, 224, 119, 27, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 103, 199, 225, 215, 231, 236, 246, 232, 216, 221, 228, 227, 234, 247, 238, 252, 219, 89, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 1, 0, 19, 164, 228, 220, 212, 216, 210, 224, 230, 231, 232, 230, 235, 250, 246, 239, 251, 217, 88, 0, 0, 0, 0],
            [0, 0, 0, 0, 1, 1, 1, 1, 0, 78, 203, 241, 235, 235, 227, 209, 206, 203, 226, 236, 222, 215, 239, 248, 237, 248, 207, 82, 0, 0, 0, 0],
            [0, 0, 1, 1, 2, 3, 1, 1, 21, 167, 224, 235, 234, 237, 248, 251, 247, 219, 216, 227, 221, 201, 207, 247, 235, 246, 195, 75, 0, 0, 0, 0],
            [0, 1, 4, 2, 0, 1, 3, 16, 118, 220, 203, 215, 238, 237, 236, 238, 243, 235, 248, 249, 178, 112, 174, 254, 234, 248, 184, 67, 0, 0, 0, 0],
            [0, 0, 0, 0, 1, 12, 50, 139, 239, 209, 204, 196, 208, 238, 244, 240, 243, 233, 248, 161, 52, 58, 187, 253, 232, 249, 175, 61, 0, 1, 0, 0],
            [0, 0, 47, 141, 199, 204, 217, 233, 242, 234, 206, 208, 214, 217, 243, 243, 239, 248, 156, 57, 8, 55, 190, 253, 232, 248, 160, 51, 1, 2, 0, 0],
            [0, 14, 129, 214, 238, 236, 238, 238, 236, 240, 233, 214, 209, 222, 237, 249, 249, 208, 79, 11, 0, 54, 187, 253, 230, 247, 149, 44, 1, 2, 0, 0],
            [0, 56, 182, 229, 228, 229, 231, 235, 238, 239, 245, 232, 220, 213, 204, 237, 254, 109, 24, 2, 2, 51, 181, 253, 233, 247, 136, 37, 2, 3, 0, 0],
            [0, 50, 169, 220, 227, 234, 236, 240, 240, 238, 241, 243, 238, 222, 207, 232, 175, 32, 0, 3, 3, 49, 175, 253, 233, 249, 126, 30, 2, 4, 0, 0],
            [0, 5, 91, 150, 183, 212, 231, 245, 245, 242, 243, 244, 248, 248, 231, 187, 53, 8, 0, 2, 2, 44, 163, 253, 235, 242, 110, 21, 3, 4, 0, 0],
            [0, 0, 0, 13, 57, 119, 169, 203, 213, 219, 223, 222, 218, 209, 173, 55, 4, 0, 0, 2, 2, 30, 118, 218, 208, 188, 68, 7, 1, 2, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 2, 35, 66, 83, 79, 56, 25, 0, 0, 0, 0, 0, 2, 2, 0, 12, 62, 43, 27, 7, 0, 0, 0, 0, 0],
        ]
        #expect(resized?.pixels == .bytes(openCV.flatMap { $0 }))
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
