import CPacer

/// ABI 1.1: where this process sits in a distributed run.
extension RunnerContext {
    /// This process's rank and the number of processes in the run: (0, 1)
    /// without a launcher, and on a 1.0 host, which runs single processes
    /// only. Every rank runs every hook; write files and print on rank 0
    /// only, as MMCV's `@master_only` does.
    public var distributedInfo: (rank: Int, worldSize: Int) {
        guard let distInfo = try? HostAPICheck.function(\.ctx_dist_info, named: "ctx_dist_info", addedIn: 1, in: api)
        else { return (0, 1) }
        var rank: Int32 = 0, worldSize: Int32 = 1
        guard distInfo(handle, &rank, &worldSize) == PACER_OK else { return (0, 1) }
        return (Int(rank), Int(worldSize))
    }
}
