import CPacer

/// What a plugin provides.
public enum PluginKind: String, Sendable {
    /// A hook: functions called at hook stages.
    case hook
    /// A model: parameters and train/val steps.
    case model
    /// An optimizer (ABI 1.1): a step over the parameters and their gradients.
    case optimizer
    /// A dataset (ABI 1.1): items filled into host buffers by index.
    case dataset
    /// A communication backend (ABI 1.1): joins the processes of a distributed run.
    case comm

    init?(abiValue: UInt32) {
        switch abiValue {
        case UInt32(PACER_KIND_HOOK): self = .hook
        case UInt32(PACER_KIND_MODEL): self = .model
        case UInt32(PACER_KIND_OPTIMIZER): self = .optimizer
        case UInt32(PACER_KIND_DATASET): self = .dataset
        case UInt32(PACER_KIND_COMM): self = .comm
        default: return nil
        }
    }
}
