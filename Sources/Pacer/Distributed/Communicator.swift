/// The processes of a distributed run, as the runner sees them: MMCV's
/// `torch.distributed` process group. One communicator per process; every
/// rank calls its collectives in the same order with matching arguments.
/// Pacer's own implementation is a communication plugin (ABI 1.1,
/// `PluginCommunicator`), so the host never links a communication library.
public protocol Communicator: AnyObject {
    /// This process's rank, in `0..<worldSize`; rank 0 writes every file.
    var rank: Int { get }
    /// Number of processes in the run.
    var worldSize: Int { get }
    /// Sums `buffer` across every rank, in place; every rank ends with the
    /// same values.
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws
    /// Sums `buffer` across every rank, in place.
    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws
    /// Copies `buffer` on rank `root` into `buffer` on every other rank.
    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws
    /// Every rank's `bytes`, in rank order (this rank's included).
    func allGather(_ bytes: [UInt8]) throws -> [[UInt8]]
    /// Returns when every rank has entered it.
    func barrier() throws
    /// Leaves the job cleanly, after the last collective.
    func finalize() throws
    /// Ends every rank of the job with `exitCode`, after this rank printed
    /// `reason`.
    func abort(exitCode: Int32, reason: String) -> Never
}

extension Communicator {
    /// Whether this process writes files (rank 0; MMCV's `@master_only`).
    public var isMain: Bool { rank == 0 }
}
