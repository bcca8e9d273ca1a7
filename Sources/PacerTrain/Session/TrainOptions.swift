/// What the command line (or a Swift caller) sets on top of the config.
public struct TrainOptions: Sendable {
    /// Overrides the config's `work_dir`.
    public var workDir: String?
    /// Plugin folders added to the config's `plugin_dirs`.
    public var pluginDirs: [String]
    /// Overrides the config's `seed`.
    public var seed: Int?
    /// Loads plugins even from group- or world-writable places.
    public var allowInsecurePlugins: Bool
    /// Overrides the config's `resume_from`: a checkpoint path, or "auto"
    /// for the newest valid checkpoint in the work dir.
    public var resumeFrom: String?
    /// MMCV's `--auto-resume`: resume from the newest valid checkpoint in
    /// the work dir when neither the config nor `resumeFrom` names one.
    public var autoResume: Bool
    /// Overrides the config's `load_from`: weights to start from.
    public var loadFrom: String?
    /// MMCV's `--no-validate`: no evaluation hook (`('val', N)` flows of
    /// the workflow still run).
    public var noValidate: Bool
    /// Accepts checkpoints without a whole-file checksum (written before
    /// Pacer checksummed headers, or by other tools), unverified.
    public var allowUnverifiedCheckpoint = false
    /// MMCV's `--launcher`: `none`, `mpi` or `slurm` (see `Launcher`);
    /// nil takes the config's `launcher`, else `none`.
    public var launcher: String?

    /// Options; all default to "take the config's value".
    public init(workDir: String? = nil, pluginDirs: [String] = [], seed: Int? = nil,
                allowInsecurePlugins: Bool = false, resumeFrom: String? = nil, autoResume: Bool = false,
                loadFrom: String? = nil, noValidate: Bool = false) {
        self.resumeFrom = resumeFrom
        self.autoResume = autoResume
        self.loadFrom = loadFrom
        self.noValidate = noValidate
        self.workDir = workDir
        self.pluginDirs = pluginDirs
        self.seed = seed
        self.allowInsecurePlugins = allowInsecurePlugins
    }
}
