import CPacerBuildCommit

/// The version of Pacer, written into checkpoints and shown by the CLI.
public enum PacerVersion {
    /// Semantic version of this release.
    public static let string = "0.1.0"

    /// The git commit this build was made from (12 hex digits, `-dirty`
    /// when tracked files differed from it), or `unknown` when built
    /// outside a git checkout; stamped at build time by the `BuildCommit`
    /// package plugin (`pacer_build_commit()`).
    public static let commit = String(cString: pacer_build_commit())

    /// `string+commit`, as MMCV-based projects write their versions in
    /// `env_info` (`0.1.0+1a2b3c4d5e6f`); just `string` when the commit is unknown.
    public static var full: String { commit == "unknown" ? string : string + "+" + commit }
}
