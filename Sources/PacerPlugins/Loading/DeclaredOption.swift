import CPacer

/// A config key a plugin declares (ABI 1.1 `pacer_option_desc`).
public struct DeclaredOption: Sendable, Equatable {
    /// What the option's value must be (`PACER_OPTION_*`).
    public enum ValueType: String, Sendable {
        /// Any value.
        case any
        /// An integer.
        case int
        /// An integer or a float.
        case float
        /// True or False.
        case bool
        /// A string.
        case string
        /// A list or a tuple.
        case list
        /// A dict.
        case dict

        init?(abiValue: UInt32) {
            switch abiValue {
            case UInt32(PACER_OPTION_ANY): self = .any
            case UInt32(PACER_OPTION_INT): self = .int
            case UInt32(PACER_OPTION_FLOAT): self = .float
            case UInt32(PACER_OPTION_BOOL): self = .bool
            case UInt32(PACER_OPTION_STRING): self = .string
            case UInt32(PACER_OPTION_LIST): self = .list
            case UInt32(PACER_OPTION_DICT): self = .dict
            default: return nil
            }
        }
    }

    /// The top-level key.
    public let name: String
    /// What its value must be.
    public let type: ValueType
    /// The default as the plugin shows it, or nil when the key is required.
    public let defaultValue: String?
    /// One line of help.
    public let help: String
}
