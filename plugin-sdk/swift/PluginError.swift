/// An error whose text is meant for the person running the training.
///
/// When a plugin method throws, the kit reports ``status`` and
/// `description` to the host through `pacer_host_api.error_set`; the host
/// prints them with the plugin's name and the hook point. Errors that do not
/// conform are reported as ``PluginStatus/failed`` with their `description`
/// if they are `CustomStringConvertible`, else with their qualified type and
/// case (`MyHook.Failure.io`), so conform your own error types to this protocol.
public protocol PluginError: Error, CustomStringConvertible {
    /// The status handed to the host. Defaults to ``PluginStatus/failed``; a
    /// success status is reported as ``PluginStatus/failed`` too.
    var status: PluginStatus { get }
}

extension PluginError {
    /// ``PluginStatus/failed``.
    public var status: PluginStatus { .failed }
}

/// A failure with a message, for plugins that need no error type of their
/// own: `throw PluginFailure("cannot open \(path): \(reason)", status: .io)`.
public struct PluginFailure: PluginError, Equatable, Sendable {
    /// The text the host shows.
    public var message: String
    /// The status the host receives.
    public var status: PluginStatus

    /// Creates a failure with `message` and `status` (``PluginStatus/failed``
    /// unless given).
    public init(_ message: String, status: PluginStatus = .failed) {
        self.message = message
        self.status = status
    }

    /// The message.
    public var description: String { message }
}
