#if canImport(Glibc)
import Glibc
#endif
import CPacer
import Pacer

/// A communication plugin instance (ABI 1.1, `pacer_comm_vtable`) as the
/// runner sees it: created from `dist_params` and joined to the job at
/// once, so `rank` and `worldSize` are known from the start. Every buffer
/// is the caller's, borrowed for the call.
public final class PluginCommunicator: Communicator {
    /// The plugin's type name ("MPIComm").
    public let typeName: String
    /// The plugin file.
    public let origin: String
    /// This process's rank.
    public let rank: Int
    /// Number of processes in the job.
    public let worldSize: Int
    /// This process's rank among those of its machine.
    public let localRank: Int

    private let table: pacer_comm_vtable
    private let instance: UnsafeMutableRawPointer
    private let errorSlot = ErrorSlot()

    /// Creates an instance of `descriptor` from `config` and joins the job.
    public init(_ descriptor: PluginDescriptor, config: PluginConfigView) throws(PluginError) {
        guard let table = descriptor.commVTable else {
            throw .createFailed(type: descriptor.typeName, path: descriptor.path,
                                message: "not a communication plugin (kind \(descriptor.kind.rawValue))")
        }
        self.table = table
        typeName = descriptor.typeName
        origin = descriptor.path
        instance = try PluginInstance.create(descriptor, config: config, errorSlot: errorSlot)
        var info = pacer_comm_info()
        info.struct_size = UInt32(MemoryLayout<pacer_comm_info>.size)
        info.world_size = 1
        info.local_size = 1
        let status = table.join(instance, &info, errorSlot.pointer)
        guard status == PACER_OK else {
            throw .callFailed(type: typeName, call: "join", message: errorSlot.take(status: status))
        }
        guard info.world_size >= 1, (0..<info.world_size).contains(info.rank) else {
            throw .callFailed(type: typeName, call: "join",
                              message: "reported rank \(info.rank) of world size \(info.world_size)")
        }
        rank = Int(info.rank)
        worldSize = Int(info.world_size)
        localRank = Int(info.local_rank)
    }

    /// Sums `buffer` across ranks, in place.
    public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        try check("all_reduce_sum", table.all_reduce_sum(instance, buffer.baseAddress, UInt64(buffer.count),
                                                         UInt32(PACER_DTYPE_F32), errorSlot.pointer))
    }

    /// Sums `buffer` across ranks, in place.
    public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        try check("all_reduce_sum", table.all_reduce_sum(instance, buffer.baseAddress, UInt64(buffer.count),
                                                         UInt32(PACER_DTYPE_F64), errorSlot.pointer))
    }

    /// Copies `buffer` from rank `root` to every rank.
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
        try check("broadcast", table.broadcast(instance, buffer.baseAddress, UInt64(buffer.count), Int32(root),
                                               errorSlot.pointer))
    }

    /// Every rank's bytes, in rank order.
    public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        let gathered = Gathered()
        let status = bytes.withUnsafeBytes { raw in
            table.all_gather(instance, raw.baseAddress, UInt64(raw.count), { receiver, _, bytes, size in
                let gathered = Unmanaged<Gathered>.fromOpaque(receiver!).takeUnretainedValue()
                gathered.parts.append(bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(size))) } ?? [])
                return PACER_OK
            }, Unmanaged.passUnretained(gathered).toOpaque(), errorSlot.pointer)
        }
        try check("all_gather", status)
        return gathered.parts
    }

    /// Waits for every rank.
    public func barrier() throws {
        try check("barrier", table.barrier(instance, errorSlot.pointer))
    }

    /// Leaves the job cleanly.
    public func finalize() throws {
        try check("finalize", table.finalize(instance, errorSlot.pointer))
    }

    /// Ends every rank of the job (the plugin's abort), or this process if
    /// the plugin returns.
    public func abort(exitCode: Int32, reason: String) -> Never {
        table.abort(instance, exitCode, reason)
        exit(exitCode)
    }

    private func check(_ call: String, _ status: pacer_status) throws(PluginError) {
        guard status == PACER_OK else { throw .callFailed(type: typeName, call: call, message: errorSlot.take(status: status)) }
    }

    /// What all_gather's callback appends to.
    private final class Gathered {
        var parts: [[UInt8]] = []
    }
}
