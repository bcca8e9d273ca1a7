import Pacer
import PacerConfig
import PacerPlugins

/// MMCV's `init_dist`: how the processes of a run were started
/// (`--launcher`, or the config's `launcher`), and joining them through the
/// communication plugin `dist_params=dict(backend=...)` names.
///
/// - `none`: one process, no communicator.
/// - `mpi`: `mpirun -np N pacer train CONFIG --launcher mpi`.
/// - `slurm`: `srun -n N pacer train CONFIG --launcher slurm`, where Slurm
///   starts the ranks and Open MPI joins them through PMIx, as under mpirun.
public enum Launcher {
    /// The launchers `--launcher` accepts.
    public static let names = ["none", "mpi", "slurm"]
    /// The backend a run uses when `dist_params` names none, or names one of
    /// MMCV's torch backends (`nccl`, `gloo`, `mpi`).
    static let defaultBackend = "MPIComm"
    /// How to get the default backend when it is not built.
    static let buildAdvice = "the Open MPI plugin MPIComm is not built; build it beside pacer: "
        + "apt-get install -y openmpi-bin libopenmpi-dev && make -C Plugins/MPIComm "
        + "(README, 'Distributed training on Open MPI')"

    /// The communicator this process joined, for the command line's error
    /// path (which ends every rank through it). Set once, by `join`.
    nonisolated(unsafe) public private(set) static var joined: (any Communicator)?

    /// Joins the run's processes for `launcher`, or returns nil for `none`.
    static func join(_ launcher: String, config: Config, communicators: Registry<ConfigSection, any Communicator>)
        throws -> (any Communicator)? {
        let key = ConfigKeyPath([.key("launcher")])
        guard names.contains(launcher) else {
            throw BuildError.invalid(file: config.file, key: key,
                                     message: "is '\(launcher)'; use one of \(names.joined(separator: ", "))")
        }
        guard launcher != "none" else { return nil }
        let given = try config.optionalDict("dist_params") ?? ConfigSection(
            file: config.file, keyPath: ConfigKeyPath([.key("dist_params")]), entries: [:])
        let named = try given.optionalString("backend") ?? defaultBackend
        let backend = ["nccl", "gloo", "mpi"].contains(named) ? defaultBackend : named
        var entries = given.entries
        entries["backend"] = nil
        entries["type"] = .string(backend)
        let params = ConfigSection(file: given.file, keyPath: given.keyPath, entries: entries)
        guard communicators.origin(of: backend) != nil else {
            guard backend == defaultBackend else {
                throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key("dist_params"), .key("backend")]),
                                         message: "is '\(named)', but no communication plugin of that name was "
                                             + "found; put its .so in a --plugin-dir, or leave backend out for MPIComm")
            }
            throw BuildError.invalid(file: config.file, key: key, message: "is '\(launcher)', but \(buildAdvice)")
        }
        let communicator = try params.build(from: communicators)
        joined = communicator
        if communicator.worldSize > 1 { Console.distributedRank = communicator.rank }
        return communicator
    }
}
