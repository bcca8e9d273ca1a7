import Dispatch
import Foundation
import Synchronization
@testable import PacerTrain
import Testing

/// ImageFile over PNG and JPEG files that Pillow writes from Debian's
/// Fashion-MNIST images, compared pixel for pixel with what Pillow decodes
/// (and, where mmcv.imread differs from Pillow, with the formula OpenCV's
/// libpng and libjpeg calls compute); files ImageFile writes itself; and
/// corrupt, truncated and foreign files.
@Suite("ImageFile")
struct ImageFileTests {
    /// One expectation the Python script recorded: `file` read as `colorType`
    /// gives `expected` of `shape`.
    struct Case {
        let file: String
        let colorType: ImageColorType
        let shape: [Int]
        let expected: [UInt8]
    }

    /// Writes the test images into `folder` with Pillow, and for each image
    /// and colour type the pixels mmcv.imread gives, as raw H×W×C bytes, with
    /// a manifest (cases.json) naming them.
    private static let script = #"""
        import gzip, json, struct, sys, zlib
        import numpy as np
        from PIL import Image
        out = sys.argv[1]
        x = np.frombuffer(gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read(),
                          np.uint8, offset=16).reshape(-1, 28, 28)
        grey, alpha, low = x[0], x[1], x[2]
        rgb = np.stack([x[3], x[4], x[5]], -1)
        rgba = np.dstack([rgb, x[6]])
        cases = []

        def expect(file, color_type, array):
            array = np.ascontiguousarray(array, np.uint8)
            if array.ndim == 2:
                array = array[..., None]
            raw = f'{file}.{color_type}.raw'
            array.tofile(f'{out}/{raw}')
            cases.append(dict(file=file, color_type=color_type, shape=list(array.shape), raw=raw))

        def bgr(a):
            return a[..., [2, 1, 0]] if a.shape[-1] == 3 else a[..., [2, 1, 0, 3]]

        def libpng_grey(a):  # png_set_rgb_to_gray_fixed(png, 1, 29900, 58700) on 8-bit samples, no gAMA chunk
            r, g, b = (a[..., i].astype(np.uint32) for i in range(3))
            y = (9797 * r + 19234 * g + 3737 * b) >> 15
            return np.where((r == g) & (g == b), r, y)

        def libpng_grey16(a):  # the same on 16-bit samples (rounded), before strip_16 keeps the high byte
            r, g, b = (a[..., i].astype(np.uint64) for i in range(3))
            return ((9797 * r + 19234 * g + 3737 * b + 16384) >> 15) >> 8

        def png16(path, samples, colour_type):  # a 16-bit PNG, big-endian samples
            h, w = samples.shape[:2]
            rows = samples.astype('>u2').reshape(h, -1).tobytes()
            stride = len(rows) // h
            raw = b''.join(b'\0' + rows[i * stride:(i + 1) * stride] for i in range(h))
            def chunk(kind, data):
                return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
            header = struct.pack('>IIBBBBB', w, h, 16, colour_type, 0, 0, 0)
            open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header)
                                   + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))

        def colour_cases(file, colour, unchanged):
            expect(file, 'color', bgr(colour))
            expect(file, 'grayscale', libpng_grey(colour))
            expect(file, 'unchanged', unchanged)

        def grey_cases(file, values, unchanged):
            expect(file, 'color', np.repeat(values[..., None], 3, -1))
            expect(file, 'grayscale', values)
            expect(file, 'unchanged', unchanged)

        Image.fromarray(grey, 'L').save(f'{out}/grey.png')
        grey_cases('grey.png', grey, grey)
        Image.fromarray(np.dstack([grey, alpha]), 'LA').save(f'{out}/grey_alpha.png')
        grey_cases('grey_alpha.png', grey, np.dstack([grey, alpha]))
        Image.fromarray(grey, 'L').convert('1').save(f'{out}/bilevel.png')
        bits = np.asarray(Image.open(f'{out}/bilevel.png').convert('L'))
        grey_cases('bilevel.png', bits, bits)
        png16(f'{out}/grey16.png', grey.astype(np.uint16) * 256 + low, 0)
        grey_cases('grey16.png', grey, grey)

        Image.fromarray(rgb, 'RGB').save(f'{out}/rgb.png')
        colour_cases('rgb.png', rgb, bgr(rgb))
        Image.fromarray(rgba, 'RGBA').save(f'{out}/rgba.png')
        colour_cases('rgba.png', rgb, bgr(rgba))
        rgb16 = rgb.astype(np.uint16) * 256 + low[..., None]
        png16(f'{out}/rgb16.png', rgb16, 2)
        expect('rgb16.png', 'color', bgr(rgb))
        expect('rgb16.png', 'grayscale', libpng_grey16(rgb16))
        expect('rgb16.png', 'unchanged', bgr(rgb))
        palette = Image.fromarray(rgb, 'RGB').quantize(16)
        palette.save(f'{out}/palette.png')
        indexed = np.asarray(palette.convert('RGB'))
        colour_cases('palette.png', indexed, bgr(indexed))
        palette.save(f'{out}/palette_trns.png', transparency=0)
        colour_cases('palette_trns.png', indexed,
                     bgr(np.asarray(Image.open(f'{out}/palette_trns.png').convert('RGBA'))))

        def jpeg_cases(file):
            decoded = np.asarray(Image.open(f'{out}/{file}'))
            draft = Image.open(f'{out}/{file}')
            draft.draft('L', draft.size)  # libjpeg's own grayscale output, as cv2.imread asks for it
            luma = np.asarray(draft)
            if decoded.ndim == 2:
                grey_cases(file, decoded, decoded)
            else:
                expect(file, 'color', bgr(decoded))
                expect(file, 'grayscale', luma)
                expect(file, 'unchanged', bgr(decoded))

        Image.fromarray(rgb, 'RGB').save(f'{out}/baseline.jpg', quality=90)
        jpeg_cases('baseline.jpg')
        Image.fromarray(rgb, 'RGB').save(f'{out}/progressive.jpg', quality=85, progressive=True)
        jpeg_cases('progressive.jpg')
        Image.fromarray(grey, 'L').save(f'{out}/grey.jpg', quality=95)
        jpeg_cases('grey.jpg')

        # Adobe CMYK: libjpeg hands OpenCV the stored (inverted) values, which
        # Pillow inverts back; OpenCV's icvCvt_CMYK2BGR_8u_C4C3R converts them.
        Image.fromarray(rgb, 'RGB').convert('CMYK').save(f'{out}/cmyk.jpg', quality=95)
        cmyk_image = Image.open(f'{out}/cmyk.jpg')
        stored = np.asarray(cmyk_image).astype(np.int32)
        if 'adobe' in cmyk_image.info:
            stored = 255 - stored
        k = stored[..., 3]
        c, m, y = (k - (((255 - stored[..., i]) * k) >> 8) for i in range(3))
        expect('cmyk.jpg', 'color', np.stack([y, m, c], -1))
        expect('cmyk.jpg', 'grayscale', (y * 1868 + m * 9617 + c * 4899 + (1 << 13)) >> 14)
        expect('cmyk.jpg', 'unchanged', np.stack([y, m, c], -1))

        json.dump(cases, open(f'{out}/cases.json', 'w'))
        """#

    /// The folder the script wrote, and its cases.
    private static func writeImages() throws -> (folder: TemporaryFolder, cases: [Case]) {
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(String(decoding: output, as: UTF8.self))")

        let manifest = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/cases.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: manifest) as? [[String: Any]])
        var cases: [Case] = []
        for entry in entries {
            let file = try #require(entry["file"] as? String)
            let colorType = try #require(entry["color_type"] as? String)
            let raw = try #require(entry["raw"] as? String)
            cases.append(Case(file: folder.path + "/" + file, colorType: try #require(ImageColorType(rawValue: colorType)),
                              shape: try #require(entry["shape"] as? [Int]),
                              expected: [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + raw)))))
        }
        return (folder, cases)
    }

    /// The bytes of `image`.
    private static func bytes(_ image: Image) -> [UInt8]? {
        guard case .bytes(let bytes) = image.pixels else { return nil }
        return bytes
    }

    /// The data error `body` throws, or nil.
    private static func dataError(_ body: () throws(DataError) -> Void) -> DataError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    /// A copy of the file at `path` with `change` applied, written beside it as `name`.
    private static func variant(of path: String, _ name: String, _ change: (inout [UInt8]) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        let target = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    // MARK: Decoding

    @Test func everyPNGAndJPEGLayoutDecodesToThePixelsMMCVReadsInEachColorType() throws {
        let (folder, cases) = try Self.writeImages()
        defer { folder.remove() }
        #expect(cases.count == 13 * 3)
        for testCase in cases {
            let image = try ImageFile.read(testCase.file, colorType: testCase.colorType)
            let name = "\(testCase.file) as \(testCase.colorType)"
            #expect(image.shape == testCase.shape, "\(name)")
            #expect(Self.bytes(image) == testCase.expected, "\(name)")
        }
    }

    @Test func theHeaderGivesTheShapeReadGivesUnchanged() throws {
        let (folder, cases) = try Self.writeImages()
        defer { folder.remove() }
        for testCase in cases where testCase.colorType == .unchanged {
            let header = try ImageFile.header(testCase.file)
            #expect([header.height, header.width, header.channels] == testCase.shape, "\(testCase.file)")
        }
    }

    @Test func decodingFromManyThreadsAtOnceGivesTheSamePixels() throws {
        let (folder, cases) = try Self.writeImages()
        defer { folder.remove() }
        let mismatches = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: cases.count * 4) { index in
            let testCase = cases[index % cases.count]
            let image = try? ImageFile.read(testCase.file, colorType: testCase.colorType)
            if image.flatMap(Self.bytes) != testCase.expected {
                mismatches.withLock { $0.append("\(testCase.file) as \(testCase.colorType)") }
            }
        }
        #expect(mismatches.withLock { $0 } == [])
    }

    // MARK: Writing

    @Test func writtenPNGsReadBackUnchangedInEveryChannelCount() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let images = try IDXFile.read(FashionMNISTTests.root + "/t10k-images-idx3-ubyte.gz", rank: 3, missingHint: "")
        let area = 28 * 28
        for channels in 1...4 {
            let interleaved = (0..<area * channels).map { images.bytes[($0 % channels) * area + $0 / channels] }
            let image = Image(height: 28, width: 28, channels: channels, pixels: .bytes(interleaved))
            let path = folder.path + "/written\(channels).png"
            try ImageFile.writePNG(image, to: path)
            #expect(try ImageFile.read(path, colorType: .unchanged) == image)
        }
        let grey = try ImageFile.read(folder.path + "/written1.png", colorType: .color)
        #expect(Self.bytes(grey) == images.bytes[0..<area].flatMap { [$0, $0, $0] })
    }

    @Test func aWrittenColourPNGIsRGBOnDiskAsMMCVImwriteWritesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/bgr.png"
        let image = Image(height: 1, width: 2, channels: 3, pixels: .bytes([10, 20, 30, 40, 50, 60]))
        try ImageFile.writePNG(image, to: path)
        let script = "from PIL import Image; import sys; print(Image.open(sys.argv[1]).tobytes().hex())"
        let output = try runTool("/usr/bin/env", ["python3", "-c", script, path])
        #expect(String(decoding: output, as: UTF8.self) == "1e140a3c3228\n")
    }

    @Test func floatImagesAndMismatchedExtentsAreNotWritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/x.png"
        let floats = Image(height: 1, width: 1, channels: 1, pixels: .floats([0.5]))
        #expect(Self.dataError { () throws(DataError) in try ImageFile.writePNG(floats, to: path) }?.description
                == "\(path): cannot be written as an 8-bit PNG: the image holds floats, not bytes")
        let short = Image(height: 2, width: 2, channels: 3, pixels: .bytes([1, 2, 3]))
        #expect(Self.dataError { () throws(DataError) in try ImageFile.writePNG(short, to: path) }?.description
                == "\(path): cannot be written as PNG: 3 bytes do not make 2 x 2 pixels of 3 channels")
        let missingFolder = folder.path + "/no/such/folder/x.png"
        let image = Image(height: 1, width: 1, channels: 1, pixels: .bytes([7]))
        #expect(Self.dataError { () throws(DataError) in try ImageFile.writePNG(image, to: missingFolder) }?.description
                == "\(missingFolder): cannot be written (No such file or directory)")
        #expect(try folder.listing().isEmpty)
    }

    // MARK: Bad files

    @Test func aTruncatedPNGIsOneLineAfterItsHeaderStillReads() throws {
        let (folder, _) = try Self.writeImages()
        defer { folder.remove() }
        let truncated = try Self.variant(of: folder.path + "/rgb.png", "truncated.png") { $0.removeLast($0.count / 2) }
        #expect(try ImageFile.header(truncated) == (28, 28, 3))
        let error = Self.dataError { () throws(DataError) in _ = try ImageFile.read(truncated, colorType: .color) }
        #expect(error?.description == "\(truncated): truncated PNG: the file ends before its image data does")
        let stub = try Self.variant(of: truncated, "stub.png") { $0.removeLast($0.count - 5) }
        #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.header(stub) }?.description
                == "\(stub): truncated PNG: the file ends before its image data does")
    }

    @Test func aPNGWithADamagedChunkNamesTheChunk() throws {
        let (folder, _) = try Self.writeImages()
        defer { folder.remove() }
        let source = folder.path + "/rgb.png"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        let idat = try #require((4..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == Array("IDAT".utf8) })
        let length = bytes[idat - 4..<idat].reduce(0) { $0 << 8 | Int($1) }
        let badCRC = try Self.variant(of: source, "crc.png") { $0[idat + 4 + length] ^= 0x55 }
        #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.read(badCRC, colorType: .color) }?.description
                == "\(badCRC): corrupt PNG (libpng: IDAT: CRC error)")
        let badData = try Self.variant(of: source, "data.png") { $0[idat + 20] ^= 0x55 }
        let error = Self.dataError { () throws(DataError) in _ = try ImageFile.read(badData, colorType: .color) }
        #expect(error?.description.hasPrefix("\(badData): corrupt PNG (libpng: IDAT: ") == true, "\(String(describing: error))")
        let header = try Self.variant(of: source, "header.png") { $0[18] ^= 0x01 }
        #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.header(header) }?.description
                == "\(header): corrupt PNG (libpng: IHDR: CRC error)")
    }

    @Test func aTruncatedOrDamagedJPEGIsOneLine() throws {
        let (folder, _) = try Self.writeImages()
        defer { folder.remove() }
        for name in ["baseline.jpg", "progressive.jpg"] {
            let truncated = try Self.variant(of: folder.path + "/" + name, "cut-" + name) { $0.removeLast($0.count / 3) }
            #expect(try ImageFile.header(truncated) == (28, 28, 3))
            #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.read(truncated, colorType: .color) }?
                        .description == "\(truncated): truncated JPEG: the file ends before its image data does")
        }
        let headerOnly = try Self.variant(of: folder.path + "/baseline.jpg", "stub.jpg") { $0.removeLast($0.count - 40) }
        #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.header(headerOnly) }?.description
                == "\(headerOnly): truncated JPEG: the file ends before its image data does")
        let noFrame = try Self.variant(of: folder.path + "/baseline.jpg", "garbage.jpg") { bytes in
            bytes = [0xFF, 0xD8, 0xFF, 0xD9]
        }
        let error = Self.dataError { () throws(DataError) in _ = try ImageFile.header(noFrame) }
        #expect(error?.description.hasPrefix("\(noFrame): corrupt JPEG (libjpeg: ") == true, "\(String(describing: error))")
    }

    @Test func missingEmptyAndForeignFilesAreOneLineEach() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missing = folder.path + "/missing.png"
        #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.header(missing) }
                == .unreadable(path: missing, hint: "No such file or directory"))
        #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.read(folder.path, colorType: .color) }
                == .unreadable(path: folder.path, hint: "Is a directory"))
        let files: [(String, [UInt8], String)] = [
            ("empty.png", [], "is empty, not a PNG or JPEG image"),
            ("notes.jpg", Array("label,path\n".utf8), "is not a PNG or JPEG image (its first bytes are neither signature)"),
            ("picture.png", [0x42, 0x4D, 0x36, 0x0C, 0, 0, 0, 0, 0, 0],
             "is a BMP image; Pacer decodes PNG and JPEG: convert it to one of them"),
        ]
        for (name, bytes, reason) in files {
            let path = folder.path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(Self.dataError { () throws(DataError) in _ = try ImageFile.read(path, colorType: .unchanged) }
                    == .malformed(path: path, reason: reason))
        }
    }
}
