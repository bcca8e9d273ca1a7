/// The version of Pacer, written into checkpoints and shown by the CLI.
public enum PacerVersion {
    /// Semantic version of this release.
    public static let string = "0.1.0"
}
