// MARK: - Transform

/// One step of a data pipeline (an entry of mmcls's `train_pipeline`):
/// changes a sample in place, as mmcls's transforms change the `results`
/// dict. A transform is built once and then applied from several loader
/// worker threads at the same time, so it holds only constants.
public protocol Transform: Sendable {
    /// Applies the step to `sample`; a random step draws only from
    /// `random`, the sample's own stream (see `SampleRandom`).
    func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError)
    /// The extents a sample of `shape` has after this step, known before
    /// any image is read (random steps give the same extents for every
    /// draw). An image this step cannot take is an error saying why.
    func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape
}

// MARK: - ImageShape

/// The extents of an image: MMCV's `img_shape` (H, W, C).
public struct ImageShape: Sendable, Hashable, CustomStringConvertible {
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// Channels per pixel.
    public var channels: Int

    /// The extents `height`×`width`×`channels`.
    public init(height: Int, width: Int, channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// `28x28x1`.
    public var description: String { "\(height)x\(width)x\(channels)" }
}

extension Image {
    /// The image's extents.
    public var extents: ImageShape { ImageShape(height: height, width: width, channels: channels) }
}

// MARK: - SampleRandom

/// The random stream of one sample in one epoch: SplitMix64 seeded from
/// (seed, epoch, sample index) alone, so a sample's random crop or flip is
/// the same whichever worker thread gathers it, however many workers there
/// are, and after a resume.
public struct SampleRandom: Sendable {
    private var generator: SplitMix64

    /// The stream of sample `index` in `epoch` of a run seeded with `seed`.
    public init(seed: UInt64, epoch: Int, index: Int) {
        var mixer = SplitMix64(seed: seed)
        mixer = SplitMix64(seed: mixer.next() ^ UInt64(bitPattern: Int64(epoch)))
        generator = SplitMix64(seed: mixer.next() ^ UInt64(bitPattern: Int64(index)))
    }

    /// A number in [0, 1) (Python's `random.random()`), 53 random bits.
    public mutating func unit() -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// A number in [low, high] (Python's `random.uniform`).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// An integer in `low...high`, both included (Python's `random.randint`);
    /// `low` when the range is empty.
    public mutating func integer(_ low: Int, _ high: Int) -> Int {
        guard high > low else { return low }
        return low + Int(generator.next() % UInt64(high - low + 1))
    }
}

// MARK: - Pipeline

/// The transforms of one split in order (mmcls's `Compose`), each with the
/// config key it was built from, for errors.
public struct Pipeline: Sendable {
    /// One built step and where the config wrote it.
    public struct Stage: Sendable {
        /// The step.
        public let transform: any Transform
        /// `configs/x.py: data.train.pipeline.2 (RandomCrop)`, for errors.
        public let origin: String

        /// A stage of `transform` written at `origin`.
        public init(transform: any Transform, origin: String) {
            self.transform = transform
            self.origin = origin
        }
    }

    /// The steps in order.
    public let stages: [Stage]

    /// A pipeline of `stages`.
    public init(stages: [Stage]) { self.stages = stages }

    /// Runs every step over `sample`.
    public func apply(to sample: inout Sample, random: inout SampleRandom) throws(DataError) {
        for stage in stages {
            try stage.transform.apply(to: &sample, random: &random)
        }
    }

    /// The extents a sample of `shape` leaves the pipeline with; a step
    /// that cannot take its input is one error naming the step's config key.
    public func outputShape(of shape: ImageShape) throws(DataError) -> ImageShape {
        var current = shape
        for stage in stages {
            do {
                current = try stage.transform.outputShape(of: current)
            } catch {
                throw .invalidOption("\(stage.origin): \(error)")
            }
        }
        return current
    }

    /// The first step of type `T`, if any.
    func first<T: Transform>(_ type: T.Type) -> T? {
        stages.lazy.compactMap { $0.transform as? T }.first
    }
}
