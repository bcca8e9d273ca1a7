import Foundation

/// How `Pad` and `RandomCrop` fill the border (mmcv's `impad`
/// `padding_mode`), for a source position `i` outside `0..<size`.
public enum PaddingMode: String, Sendable, CaseIterable {
    /// `pad_val` everywhere outside the image.
    case constant
    /// The nearest edge pixel repeated (`aaa|abc|ccc`).
    case edge
    /// Mirrored without repeating the edge (`cb|abc|ba`, OpenCV's REFLECT_101).
    case reflect
    /// Mirrored repeating the edge (`ba|abc|cb`, OpenCV's REFLECT).
    case symmetric

    /// The source position for `i` in an axis of `size`, or nil for the
    /// constant fill.
    func source(_ i: Int, size: Int) -> Int? {
        if (0..<size).contains(i) { return i }
        switch self {
        case .constant: return nil
        case .edge: return min(max(i, 0), size - 1)
        case .reflect, .symmetric:
            guard size > 1 || self == .symmetric else { return 0 }
            let repeatsEdge = self == .symmetric
            let period = repeatsEdge ? 2 * size : 2 * size - 2
            var k = i % period
            if k < 0 { k += period }
            if k < size { return k }
            return repeatsEdge ? period - 1 - k : period - k
        }
    }
}

/// How `Resize` and `RandomResizedCrop` sample the source (mmcv's
/// `imresize` `interpolation` with the cv2 backend).
public enum Interpolation: String, Sendable, CaseIterable {
    /// The source pixel under each output pixel: `floor(x * in / out)`.
    case nearest
    /// OpenCV's INTER_LINEAR: output pixel `x` samples the source at
    /// `(x + 0.5) * in / out - 0.5`, clamped to the first and last pixel,
    /// weighting the two neighbours on each axis.
    case bilinear
}

// MARK: - Geometry on images

extension Image {
    /// An image of `height`×`width` whose pixel (y, x) is the source pixel
    /// `source(y, x)` gives, or `fill` (one value per channel) where it
    /// gives nil: the common core of crop, pad and flip.
    func remapped(height: Int, width: Int, fill: [Double] = [0],
                  _ source: (Int, Int) -> (Int, Int)?) -> Image {
        let channels = self.channels
        let oldWidth = self.width
        func build<T>(_ values: [T], _ convert: (Double) -> T) -> [T] {
            let filler = (0..<channels).map { convert(fill.count == 1 ? fill[0] : fill[$0]) }
            var result: [T] = []
            result.reserveCapacity(height * width * channels)
            for y in 0..<height {
                for x in 0..<width {
                    if let (sy, sx) = source(y, x) {
                        let start = (sy * oldWidth + sx) * channels
                        result.append(contentsOf: values[start..<start + channels])
                    } else {
                        result.append(contentsOf: filler)
                    }
                }
            }
            return result
        }
        switch pixels {
        case .bytes(let bytes):
            return Image(height: height, width: width, channels: channels, pixels: .bytes(build(bytes) { value in
                UInt8(max(0, min(255, value.rounded())))
            }))
        case .floats(let floats):
            return Image(height: height, width: width, channels: channels, pixels: .floats(build(floats) { Float($0) }))
        }
    }

    /// The rows `top..<top + height` and columns `left..<left + width`
    /// (mmcv's `imcrop` with the box clipped to the image).
    func cropped(top: Int, left: Int, height: Int, width: Int) -> Image {
        let top = max(0, top), left = max(0, left)
        let height = max(0, min(height, self.height - top)), width = max(0, min(width, self.width - left))
        return remapped(height: height, width: width) { y, x in (top + y, left + x) }
    }

    /// The image with `left`, `top`, `right`, `bottom` pixels added
    /// (mmcv's `impad` with `padding`).
    func padded(left: Int, top: Int, right: Int, bottom: Int, mode: PaddingMode, fill: [Double]) -> Image {
        let (oldHeight, oldWidth) = (height, width)
        return remapped(height: height + top + bottom, width: width + left + right, fill: fill) { y, x in
            guard let sy = mode.source(y - top, size: oldHeight), let sx = mode.source(x - left, size: oldWidth)
            else { return nil }
            return (sy, sx)
        }
    }

    /// The image mirrored left-right (`horizontal`) or top-bottom (mmcv's `imflip`).
    func flipped(horizontal: Bool) -> Image {
        let (oldHeight, oldWidth) = (height, width)
        return remapped(height: height, width: width) { y, x in
            horizontal ? (y, oldWidth - 1 - x) : (oldHeight - 1 - y, x)
        }
    }

    /// The image resized to `height`×`width` (mmcv's `imresize`, cv2
    /// backend). Bytes stay bytes: bilinear bytes take OpenCV's fixed-point
    /// arithmetic (`linearBytes`), as mmcv's uint8 images do; floats stay floats.
    func resized(height: Int, width: Int, interpolation: Interpolation) -> Image {
        if height == self.height && width == self.width { return self }
        if interpolation == .bilinear, case .bytes(let bytes) = pixels {
            return Image(height: height, width: width, channels: channels,
                         pixels: .bytes(linearBytes(bytes, height: height, width: width)))
        }
        let channels = self.channels, oldWidth = self.width
        let rows = Self.taps(count: height, from: self.height, interpolation)
        let columns = Self.taps(count: width, from: self.width, interpolation)
        func build(_ value: (Int) -> Float) -> [Float] {
            var result = [Float](repeating: 0, count: height * width * channels)
            for y in 0..<height {
                let (y0, y1, wy) = rows[y]
                for x in 0..<width {
                    let (x0, x1, wx) = columns[x]
                    for c in 0..<channels {
                        let top = (1 - wx) * value((y0 * oldWidth + x0) * channels + c)
                            + wx * value((y0 * oldWidth + x1) * channels + c)
                        let bottom = (1 - wx) * value((y1 * oldWidth + x0) * channels + c)
                            + wx * value((y1 * oldWidth + x1) * channels + c)
                        result[(y * width + x) * channels + c] = (1 - wy) * top + wy * bottom
                    }
                }
            }
            return result
        }
        switch pixels {
        case .bytes(let bytes):
            let values = build { Float(bytes[$0]) }
            return Image(height: height, width: width, channels: channels,
                         pixels: .bytes(values.map { UInt8(max(0, min(255, $0.rounded()))) }))
        case .floats(let floats):
            return Image(height: height, width: width, channels: channels, pixels: .floats(build { floats[$0] }))
        }
    }

    /// OpenCV's `resize` with INTER_LINEAR on 8-bit pixels, bit for bit:
    /// each axis's two weights are `round(w * 2048)` (11 fractional bits);
    /// a row pass sums `pixel * weight` in integers, and the column pass
    /// combines two such rows as OpenCV's vector loop does,
    /// `((b0 * (r0 >> 4)) >> 16 + (b1 * (r1 >> 4)) >> 16 + 2) >> 2`. As in
    /// OpenCV, the horizontal weights are clamped at the border (the edge
    /// pixel, weight 1) while the vertical ones are not: a row outside the
    /// image reads the edge row but keeps its fractional weight, which with
    /// the truncating shifts can give one level less at the top and bottom.
    private func linearBytes(_ bytes: [UInt8], height: Int, width: Int) -> [UInt8] {
        let channels = self.channels, oldWidth = self.width
        let columns = Self.fixedPointTaps(count: width, from: oldWidth, clampWeight: true)
        let rows = Self.fixedPointTaps(count: height, from: self.height, clampWeight: false)
        let rowLength = width * channels
        // The source rows the column pass reads (a flag per row: this runs
        // per image per epoch, where a set would hash). The sums cannot
        // overflow (255 * 2048 * 2, then (2^20 >> 4) * 2048 < 2^31), so the
        // passes use wrapping arithmetic, which vectorises.
        var read = [Bool](repeating: false, count: self.height)
        for tap in rows { (read[tap.first], read[tap.second]) = (true, true) }
        var rowSums = [Int32](repeating: 0, count: self.height * rowLength)
        var result = [UInt8](repeating: 0, count: height * rowLength)
        bytes.withUnsafeBufferPointer { source in
            rowSums.withUnsafeMutableBufferPointer { sums in
                // The row pass, for each source row the column pass reads.
                for y in 0..<self.height where read[y] {
                    for x in 0..<width {
                        let tap = columns[x]
                        for c in 0..<channels {
                            let left = Int32(source[(y * oldWidth + tap.first) * channels + c])
                            let right = Int32(source[(y * oldWidth + tap.second) * channels + c])
                            sums[y * rowLength + x * channels + c] = left &* tap.firstWeight &+ right &* tap.secondWeight
                        }
                    }
                }
                result.withUnsafeMutableBufferPointer { out in
                    for y in 0..<height {
                        let tap = rows[y]
                        let first = tap.first * rowLength, second = tap.second * rowLength
                        for i in 0..<rowLength {
                            let top = (tap.firstWeight &* (sums[first + i] &>> 4)) &>> 16
                            let bottom = (tap.secondWeight &* (sums[second + i] &>> 4)) &>> 16
                            out[y * rowLength + i] = UInt8(clamping: (top &+ bottom &+ 2) &>> 2)
                        }
                    }
                }
            }
        }
        return result
    }

    /// OpenCV's INTER_LINEAR taps for 8-bit pixels: for each of `count`
    /// output positions on an axis of `size` source pixels, the two source
    /// pixels (clamped into the image) and their weights in units of 1/2048.
    /// `clampWeight` gives a position outside the image the edge pixel with
    /// weight 2048 (OpenCV's horizontal axis); without it the position keeps
    /// its fractional weight (OpenCV's vertical axis).
    private static func fixedPointTaps(count: Int, from size: Int, clampWeight: Bool)
        -> [(first: Int, second: Int, firstWeight: Int32, secondWeight: Int32)] {
        let scale = 1.0 / (Double(count) / Double(size))
        return (0..<count).map { position in
            var exact = Float((Double(position) + 0.5) * scale - 0.5)
            var first = Int(exact.rounded(.down))
            exact -= Float(first)
            if clampWeight && first < 0 { (first, exact) = (0, 0) }
            if clampWeight && first >= size - 1 { (first, exact) = (size - 1, 0) }
            let firstWeight = Int32(((1 - exact) * 2048).rounded(.toNearestOrEven))
            let secondWeight = Int32((exact * 2048).rounded(.toNearestOrEven))
            return (min(max(first, 0), size - 1), min(max(first + 1, 0), size - 1), firstWeight, secondWeight)
        }
    }

    /// For each of `count` output positions on an axis of `size` source
    /// pixels: the two source pixels and the weight of the second.
    private static func taps(count: Int, from size: Int, _ interpolation: Interpolation) -> [(Int, Int, Float)] {
        let scale = Double(size) / Double(count)
        return (0..<count).map { position in
            switch interpolation {
            case .nearest:
                let source = min(Int((Double(position) * scale).rounded(.down)), size - 1)
                return (source, source, 0)
            case .bilinear:
                let exact = (Double(position) + 0.5) * scale - 0.5
                var first = Int(exact.rounded(.down))
                var weight = exact - Double(first)
                if first < 0 { (first, weight) = (0, 0) }
                if first >= size - 1 { (first, weight) = (size - 1, 0) }
                return (first, min(first + 1, size - 1), Float(weight))
            }
        }
    }
}
