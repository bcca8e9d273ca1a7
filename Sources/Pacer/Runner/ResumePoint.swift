/// Where inside an epoch a checkpoint was taken, beyond `epoch` and
/// `iter`: what a runner needs to continue with exactly the batches an
/// uninterrupted run would have seen next.
public struct ResumePoint: Equatable, Sendable {
    /// EpochBasedRunner: index of the next train batch of the current epoch
    /// (0 at an epoch boundary).
    public var innerIter: Int
    /// IterBasedRunner: each flow's stream, as (wrap-arounds, batches taken).
    public var streams: [StreamPosition]
    /// Where the point was read from (a checkpoint's path), for errors.
    public var source: String

    /// A point `innerIter` batches into an epoch, with `streams` positions,
    /// read from `source`.
    public init(innerIter: Int, streams: [StreamPosition], source: String = "the checkpoint") {
        self.innerIter = innerIter
        self.streams = streams
        self.source = source
    }
}

/// The position of an `IterLoader`.
public struct StreamPosition: Equatable, Sendable {
    /// Wrap-arounds so far.
    public var epoch: Int
    /// Batches taken from the current epoch.
    public var position: Int

    /// A position `position` batches into epoch `epoch`.
    public init(epoch: Int, position: Int) {
        self.epoch = epoch
        self.position = position
    }
}
