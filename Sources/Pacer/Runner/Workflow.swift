/// One workflow entry: run `mode` for `count` epochs (EpochBasedRunner) or
/// iterations (IterBasedRunner), like MMCV's `('train', 2)`.
public struct Flow: Equatable, Sendable {
    /// The mode name: "train", "val", or a custom mode a runner implements.
    public let mode: String
    /// Epochs or iterations per pass over the workflow.
    public let count: Int

    /// A flow of `count` units of `mode`.
    public init(_ mode: String, _ count: Int) {
        self.mode = mode
        self.count = count
    }
}
