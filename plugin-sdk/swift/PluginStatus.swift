import CPacer

/// A `pacer_status` code: what a plugin call returns to the host.
///
/// Zero is success and the ABI's error codes are negative. Thrown errors
/// choose their status through ``PluginError/status``; every other error is
/// reported as ``failed``.
public struct PluginStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value (`PACER_OK`, `PACER_E_*`).
    public let rawValue: Int32

    /// Wraps a C status value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `PACER_OK`: success.
    public static let ok = PluginStatus(rawValue: PACER_OK)
    /// `PACER_E_FAILED`: a generic failure; the message says what happened.
    public static let failed = PluginStatus(rawValue: PACER_E_FAILED)
    /// `PACER_E_INVALID_ARG`: a bad argument or config value.
    public static let invalidArgument = PluginStatus(rawValue: PACER_E_INVALID_ARG)
    /// `PACER_E_UNSUPPORTED`: the callee does not do this.
    public static let unsupported = PluginStatus(rawValue: PACER_E_UNSUPPORTED)
    /// `PACER_E_NO_MEMORY`: an allocation failed.
    public static let noMemory = PluginStatus(rawValue: PACER_E_NO_MEMORY)
    /// `PACER_E_NOT_FOUND`: a key, index or symbol is absent.
    public static let notFound = PluginStatus(rawValue: PACER_E_NOT_FOUND)
    /// `PACER_E_STATE`: called at the wrong time or in the wrong state.
    public static let state = PluginStatus(rawValue: PACER_E_STATE)
    /// `PACER_E_ABI`: a struct or version is not understood.
    public static let abi = PluginStatus(rawValue: PACER_E_ABI)
    /// `PACER_E_IO`: a file could not be read or written.
    public static let io = PluginStatus(rawValue: PACER_E_IO)

    /// True for `PACER_OK`.
    public var isSuccess: Bool { rawValue == PACER_OK }

    /// The status as the number the header defines, e.g. `-8`.
    public var description: String { String(rawValue) }
}
