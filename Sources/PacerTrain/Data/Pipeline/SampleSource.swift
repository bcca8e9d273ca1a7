/// A dataset before its pipeline: the samples as stored (MMClassification's
/// `data_infos`), each either an image already in memory (MNIST, CIFAR,
/// arrays) or a file name for `LoadImageFromFile` to read (image folders,
/// `ann_file` lists).
///
/// `sample(at:)` is called from loader worker threads at the same time for
/// different indices, so a source must only read shared state after `init`.
public protocol SampleSource: AnyObject, Sendable {
    /// Number of samples.
    var count: Int { get }
    /// Class names, index `i` naming label `i` (mmcls's `CLASSES`).
    var classes: [String] { get }
    /// Sample `index` as stored; an error names the file and what is wrong.
    func sample(at index: Int) throws(DataError) -> Sample
    /// The extents of sample `index`'s image as stored, or nil when it is
    /// only a file name (the checks before training then read the file's
    /// header). The default reads the sample; sources override it when
    /// they know cheaper.
    func storedShape(at index: Int) throws(DataError) -> ImageShape?
    /// The label of sample `index`. The default reads the sample.
    func label(at index: Int) throws(DataError) -> Int64
    /// The extents of sample `index`'s file as its header gives them, when
    /// the source has read the header already (image folders read every
    /// header when they are built), so the checks before training need not
    /// read it again; nil otherwise (the default).
    func headerShape(at index: Int) -> ImageShape?
}

extension SampleSource {
    /// The stored image's extents, read through `sample(at:)`.
    public func storedShape(at index: Int) throws(DataError) -> ImageShape? {
        try sample(at: index).image?.extents
    }

    /// The label, read through `sample(at:)`.
    public func label(at index: Int) throws(DataError) -> Int64 {
        try sample(at: index).label
    }

    /// None: the file's header is read when it is needed.
    public func headerShape(at index: Int) -> ImageShape? { nil }
}
