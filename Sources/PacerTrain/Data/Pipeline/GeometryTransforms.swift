import Foundation

// The geometric transforms of mmcls 0.x (mmcls/datasets/pipelines/transforms.py),
// with its arguments and arithmetic. Each works on bytes and on floats.

// MARK: - Resize

/// `dict(type='Resize', size=..., interpolation='bilinear', adaptive_side='short')`:
/// `size` (h, w) resizes to exactly that; an int `s` is (s, s); (s, -1)
/// keeps the aspect ratio, bringing the `adaptive_side` ('short', 'long',
/// 'height' or 'width') to `s` and the other side to `int(s * other / side)`.
public struct Resize: Transform {
    /// Target height, and width (nil: keep the aspect ratio).
    public let height: Int, width: Int?
    /// Which side reaches `height` when `width` is nil.
    public let adaptiveSide: AdaptiveSide
    /// How pixels are sampled.
    public let interpolation: Interpolation

    /// mmcls's `adaptive_side`.
    public enum AdaptiveSide: String, Sendable, CaseIterable {
        /// The shorter side.
        case short
        /// The longer side.
        case long
        /// The height.
        case height
        /// The width.
        case width
    }

    /// A resize to `height`×`width`, or of `adaptiveSide` to `height`.
    public init(height: Int, width: Int?, adaptiveSide: AdaptiveSide = .short, interpolation: Interpolation = .bilinear) {
        self.height = height
        self.width = width
        self.adaptiveSide = adaptiveSide
        self.interpolation = interpolation
    }

    /// Resizes the image.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard let image = sample.image else { throw Self.noImage("Resize", sample) }
        let target = try outputShape(of: image.extents)
        sample.image = image.resized(height: target.height, width: target.width, interpolation: interpolation)
    }

    /// The target extents, as mmcls computes them.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var result = shape
        if let width {
            (result.height, result.width) = (height, width)
            return result
        }
        let (h, w) = (shape.height, shape.width)
        let reached: Bool
        switch adaptiveSide {
        case .short: reached = min(h, w) == height
        case .long: reached = max(h, w) == height
        case .height: reached = h == height
        case .width: reached = w == height
        }
        if reached { return result }
        if (adaptiveSide == .short && w < h) || (adaptiveSide == .long && w > h) || adaptiveSide == .width {
            (result.width, result.height) = (height, height * h / w)
        } else {
            (result.height, result.width) = (height, height * w / h)
        }
        return result
    }

    static func noImage(_ transform: String, _ sample: Sample) -> DataError {
        .invalidOption("\(transform) found no image" + (sample.filename.map { " for \($0)" } ?? "")
                       + "; put LoadImageFromFile first in the pipeline")
    }
}

// MARK: - CenterCrop

/// `dict(type='CenterCrop', crop_size=...)`: the centred `crop_size`
/// (int or (h, w)) window, starting at `round((H - h) / 2)` with Python's
/// round-half-to-even; an image smaller than the window keeps its extent
/// on that axis, as in mmcls.
public struct CenterCrop: Transform {
    /// The window's height and width.
    public let height: Int, width: Int

    /// A crop of `height`×`width`.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// Crops the image.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard let image = sample.image else { throw Resize.noImage("CenterCrop", sample) }
        let top = Self.start(image.height, height), left = Self.start(image.width, width)
        sample.image = image.cropped(top: top, left: left, height: height, width: width)
    }

    /// The window clipped to the image.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var result = shape
        result.height = min(height, shape.height - Self.start(shape.height, height))
        result.width = min(width, shape.width - Self.start(shape.width, width))
        return result
    }

    private static func start(_ size: Int, _ window: Int) -> Int {
        max(0, Int((Double(size - window) / 2).rounded(.toNearestOrEven)))
    }
}

// MARK: - RandomCrop

/// `dict(type='RandomCrop', size=..., padding=None, pad_if_needed=False,
/// pad_val=0, padding_mode='constant')`: pads by `padding` ((left, top,
/// right, bottom), (left/right, top/bottom) or one int) with `pad_val` (as
/// mmcls, whose first pad ignores `padding_mode`), then with `pad_if_needed`
/// pads each axis still smaller than `size` by the shortfall on both sides
/// in `padding_mode`, then takes a window at a random (top, left), each
/// drawn uniformly from every position that fits.
public struct RandomCrop: Transform {
    /// The window's height and width.
    public let height: Int, width: Int
    /// Pixels added on the left, top, right and bottom first.
    public let padding: (left: Int, top: Int, right: Int, bottom: Int)?
    /// Whether axes smaller than the window are padded.
    public let padIfNeeded: Bool
    /// The fill value, one or one per channel.
    public let padValue: [Double]
    /// The fill of `pad_if_needed`.
    public let paddingMode: PaddingMode

    /// A crop of `height`×`width` after the given padding.
    public init(height: Int, width: Int, padding: (left: Int, top: Int, right: Int, bottom: Int)? = nil,
                padIfNeeded: Bool = false, padValue: [Double] = [0], paddingMode: PaddingMode = .constant) {
        self.height = height
        self.width = width
        self.padding = padding
        self.padIfNeeded = padIfNeeded
        self.padValue = padValue
        self.paddingMode = paddingMode
    }

    /// Pads, then crops at a position drawn from `random`.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard var image = sample.image else { throw Resize.noImage("RandomCrop", sample) }
        _ = try outputShape(of: image.extents)
        if let padding {
            image = image.padded(left: padding.left, top: padding.top, right: padding.right, bottom: padding.bottom,
                                 mode: .constant, fill: padValue)
        }
        if padIfNeeded && image.height < height {
            let extra = height - image.height
            image = image.padded(left: 0, top: extra, right: 0, bottom: extra, mode: paddingMode, fill: padValue)
        }
        if padIfNeeded && image.width < width {
            let extra = width - image.width
            image = image.padded(left: extra, top: 0, right: extra, bottom: 0, mode: paddingMode, fill: padValue)
        }
        if image.height == height && image.width == width {
            sample.image = image
            return
        }
        let top = random.integer(0, image.height - height)
        let left = random.integer(0, image.width - width)
        sample.image = image.cropped(top: top, left: left, height: height, width: width)
    }

    /// The window; an image smaller than it after padding is an error.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var padded = shape
        if let padding {
            padded.height += padding.top + padding.bottom
            padded.width += padding.left + padding.right
        }
        if padIfNeeded && padded.height < height { padded.height += 2 * (height - padded.height) }
        if padIfNeeded && padded.width < width { padded.width += 2 * (width - padded.width) }
        guard padded.height >= height, padded.width >= width else {
            throw .invalidOption("RandomCrop size \(height)x\(width) is larger than the \(padded.height)x\(padded.width) "
                                 + "image it gets; set padding or pad_if_needed=True, or resize first")
        }
        var result = shape
        (result.height, result.width) = (height, width)
        return result
    }
}

// MARK: - RandomResizedCrop

/// `dict(type='RandomResizedCrop', size=..., scale=(0.08, 1.0),
/// ratio=(3/4, 4/3), max_attempts=10, interpolation='bilinear')`: up to
/// `max_attempts` times, draws an area fraction from `scale` and a log-uniform
/// aspect ratio from `ratio`, and takes the first window that fits at a random
/// position; otherwise the centred window of the nearest allowed ratio.
/// The window is then resized to `size` (int or (h, w)).
public struct RandomResizedCrop: Transform {
    /// The output height and width.
    public let height: Int, width: Int
    /// The range of the window's area as a fraction of the image's.
    public let scale: (Double, Double)
    /// The range of the window's width / height.
    public let ratio: (Double, Double)
    /// Draws before falling back to the centre.
    public let maxAttempts: Int
    /// How the window is resized.
    public let interpolation: Interpolation

    /// A random resized crop to `height`×`width`.
    public init(height: Int, width: Int, scale: (Double, Double) = (0.08, 1), ratio: (Double, Double) = (3.0 / 4, 4.0 / 3),
                maxAttempts: Int = 10, interpolation: Interpolation = .bilinear) {
        self.height = height
        self.width = width
        self.scale = scale
        self.ratio = ratio
        self.maxAttempts = maxAttempts
        self.interpolation = interpolation
    }

    /// Crops a window drawn from `random` and resizes it.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard let image = sample.image else { throw Resize.noImage("RandomResizedCrop", sample) }
        let window = self.window(height: image.height, width: image.width, random: &random)
        sample.image = image.cropped(top: window.top, left: window.left, height: window.height, width: window.width)
            .resized(height: height, width: width, interpolation: interpolation)
    }

    /// `size`, whatever the input.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var result = shape
        (result.height, result.width) = (height, width)
        return result
    }

    /// mmcls's `get_params`.
    func window(height: Int, width: Int, random: inout SampleRandom) -> (top: Int, left: Int, height: Int, width: Int) {
        let area = Double(height * width)
        for _ in 0..<maxAttempts {
            let targetArea = random.uniform(scale.0, scale.1) * area
            let aspect = exp(random.uniform(log(ratio.0), log(ratio.1)))
            let targetWidth = Int((targetArea * aspect).squareRoot().rounded(.toNearestOrEven))
            let targetHeight = Int((targetArea / aspect).squareRoot().rounded(.toNearestOrEven))
            if targetWidth > 0 && targetWidth <= width && targetHeight > 0 && targetHeight <= height {
                let top = random.integer(0, height - targetHeight)
                let left = random.integer(0, width - targetWidth)
                return (top, left, targetHeight, targetWidth)
            }
        }
        let inRatio = Double(width) / Double(height)
        var (targetWidth, targetHeight) = (width, height)
        if inRatio < min(ratio.0, ratio.1) {
            targetHeight = Int((Double(targetWidth) / min(ratio.0, ratio.1)).rounded(.toNearestOrEven))
        } else if inRatio > max(ratio.0, ratio.1) {
            targetWidth = Int((Double(targetHeight) * max(ratio.0, ratio.1)).rounded(.toNearestOrEven))
        }
        return ((height - targetHeight) / 2, (width - targetWidth) / 2, targetHeight, targetWidth)
    }
}

// MARK: - RandomFlip

/// `dict(type='RandomFlip', flip_prob=0.5, direction='horizontal')`: flips
/// when a draw in [0, 1) is below `flip_prob`, and records it (`flip`).
public struct RandomFlip: Transform {
    /// The chance of a flip.
    public let probability: Double
    /// Left-right ('horizontal') or top-bottom ('vertical').
    public let horizontal: Bool

    /// A flip with chance `probability`.
    public init(probability: Double = 0.5, horizontal: Bool = true) {
        self.probability = probability
        self.horizontal = horizontal
    }

    /// Draws once from `random` and flips if the draw is below the probability.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard let image = sample.image else { throw Resize.noImage("RandomFlip", sample) }
        let flip = random.unit() < probability
        sample.flipped = flip
        if flip { sample.image = image.flipped(horizontal: horizontal) }
    }

    /// The input's extents.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape { shape }
}

// MARK: - Pad

/// `dict(type='Pad', size=None, pad_to_square=False, pad_val=0,
/// padding_mode='constant')`: pads on the bottom and right to `size` (h, w)
/// or to a square of the longer side, as mmcv's `impad(shape=...)`.
public struct Pad: Transform {
    /// The target (h, w), or nil with `padToSquare`.
    public let size: (height: Int, width: Int)?
    /// Whether the target is the square of the longer side.
    public let padToSquare: Bool
    /// The fill value, one or one per channel.
    public let padValue: [Double]
    /// How the border is filled.
    public let paddingMode: PaddingMode

    /// A pad to `size` or to a square.
    public init(size: (height: Int, width: Int)?, padToSquare: Bool, padValue: [Double] = [0],
                paddingMode: PaddingMode = .constant) {
        self.size = size
        self.padToSquare = padToSquare
        self.padValue = padValue
        self.paddingMode = paddingMode
    }

    /// Pads the image.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        guard let image = sample.image else { throw Resize.noImage("Pad", sample) }
        let target = try outputShape(of: image.extents)
        sample.image = image.padded(left: 0, top: 0, right: target.width - image.width,
                                    bottom: target.height - image.height, mode: paddingMode, fill: padValue)
    }

    /// The target; an image larger than it is an error.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var result = shape
        if padToSquare {
            let side = max(shape.height, shape.width)
            (result.height, result.width) = (side, side)
        } else if let size {
            guard size.height >= shape.height, size.width >= shape.width else {
                throw .invalidOption("Pad size \(size.height)x\(size.width) is smaller than the "
                                     + "\(shape.height)x\(shape.width) image it gets")
            }
            (result.height, result.width) = (size.height, size.width)
        }
        return result
    }
}
