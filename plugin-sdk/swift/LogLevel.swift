import CPacer

/// The level of a line written through the host's log (`PACER_LOG_*`).
public enum LogLevel: Int32, Sendable, CaseIterable {
    /// `PACER_LOG_DEBUG`.
    case debug = 0
    /// `PACER_LOG_INFO`.
    case info = 1
    /// `PACER_LOG_WARNING`.
    case warning = 2
    /// `PACER_LOG_ERROR`.
    case error = 3
}
