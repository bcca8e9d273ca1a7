import CImageCodecs

// MARK: - ImageColorType

/// How `ImageFile.read` lays out pixels: mmcv's `color_type` (the `flag` of
/// `mmcv.imread`), with mmcv's spellings as raw values.
public enum ImageColorType: String, Sendable, CaseIterable {
    /// 3 channels in BGR order, as `mmcv.imread` gives them: grey images
    /// expanded, alpha dropped.
    case color
    /// 1 channel: colour reduced to ITU-R 601 luma as OpenCV's `imread`
    /// computes it (libpng's 0.299/0.587 conversion for PNG, libjpeg's Y for
    /// JPEG).
    case grayscale
    /// As stored: 1 (grey), 2 (grey + alpha), 3 (BGR) or 4 (BGRA) channels;
    /// a PNG transparency chunk becomes alpha.
    case unchanged

    /// The code the C decoder takes.
    fileprivate var code: Int32 {
        switch self {
        case .color: PACER_IMAGE_COLOR
        case .grayscale: PACER_IMAGE_GRAYSCALE
        case .unchanged: PACER_IMAGE_UNCHANGED
        }
    }
}

// MARK: - ImageFile

/// PNG and JPEG files, decoded with libpng and libjpeg-turbo the way
/// `mmcv.imread` (OpenCV) decodes them: PNG grey, grey + alpha, RGB, RGBA
/// and palette images of any bit depth (16-bit samples keep their high
/// byte), and baseline and progressive JPEG (Adobe CMYK converted as OpenCV
/// does). The format is told by the file's first bytes, not its name.
///
/// A missing, corrupt, truncated or unsupported file is one `DataError`
/// naming the file and what is wrong. Every function may be called from
/// several threads at once.
public enum ImageFile {
    /// The pixels of the image at `path`, laid out as `colorType` asks.
    public static func read(_ path: String, colorType: ImageColorType) throws(DataError) -> Image {
        let (decoder, extents) = try open(path, colorType: colorType)
        defer { pacer_image_decoder_close(decoder) }
        let count = Int(extents.height) * Int(extents.width) * Int(extents.channels)
        var message = emptyMessage()
        var status = PACER_IMAGE_OK
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = pacer_image_decoder_decode(decoder, buffer.baseAddress, &message)
            initialized = status == PACER_IMAGE_OK ? count : 0
        }
        guard status == PACER_IMAGE_OK else { throw error(status, message, path) }
        return Image(height: Int(extents.height), width: Int(extents.width), channels: Int(extents.channels),
                     pixels: .bytes(pixels))
    }

    /// The extents of the image at `path` as stored (the shape `read` gives
    /// with `.unchanged`), from its header alone: the pixel data is neither
    /// read nor checked.
    public static func header(_ path: String) throws(DataError) -> (height: Int, width: Int, channels: Int) {
        let (decoder, extents) = try open(path, colorType: .unchanged)
        pacer_image_decoder_close(decoder)
        return (Int(extents.height), Int(extents.width), Int(extents.channels))
    }

    /// Writes `image` (bytes; 1 grey, 2 grey + alpha, 3 BGR or 4 BGRA
    /// channels, the order `mmcv.imwrite` takes) to `path` as an 8-bit PNG.
    /// A failed write leaves no file behind.
    public static func writePNG(_ image: Image, to path: String) throws(DataError) {
        guard case .bytes(let pixels) = image.pixels else {
            throw .malformed(path: path, reason: "cannot be written as an 8-bit PNG: the image holds floats, not bytes")
        }
        guard pixels.count == image.height * image.width * image.channels,
              let height = Int32(exactly: image.height), let width = Int32(exactly: image.width),
              let channels = Int32(exactly: image.channels) else {
            throw .malformed(path: path, reason: "cannot be written as PNG: \(pixels.count) bytes do not make "
                             + "\(image.height) x \(image.width) pixels of \(image.channels) channels")
        }
        var message = emptyMessage()
        let status = pacer_png_write(path, pixels, height, width, channels, &message)
        guard status == PACER_IMAGE_OK else { throw .malformed(path: path, reason: text(message)) }
    }

    // MARK: Decoder calls

    /// An open decoder for `path` and the extents it will produce.
    private static func open(_ path: String, colorType: ImageColorType)
        throws(DataError) -> (OpaquePointer, pacer_image_extents) {
        var decoder: OpaquePointer?
        var extents = pacer_image_extents()
        var message = emptyMessage()
        let status = pacer_image_decoder_open(path, colorType.code, &decoder, &extents, &message)
        guard status == PACER_IMAGE_OK, let decoder else { throw error(status, message, path) }
        return (decoder, extents)
    }

    /// Room for a message from the C side.
    private static func emptyMessage() -> [CChar] {
        [CChar](repeating: 0, count: Int(PACER_IMAGE_MESSAGE_SIZE))
    }

    /// The text of a NUL-terminated message.
    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The data error for a failed decoder call.
    private static func error(_ status: Int32, _ message: [CChar], _ path: String) -> DataError {
        status == PACER_IMAGE_UNREADABLE ? .unreadable(path: path, hint: text(message))
                                         : .malformed(path: path, reason: text(message))
    }
}
