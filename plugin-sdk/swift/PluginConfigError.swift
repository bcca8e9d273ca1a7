/// A config value that is missing where required, of the wrong type, or out
/// of range. Its text names the plugin type and the key:
/// `TextLoggerHook: 'interval' must be an integer`.
///
/// ``PluginConfig``'s getters throw it; throw it yourself for range checks:
/// `throw PluginConfigError(typeName: Self.typeName, key: "interval", requirement: "a positive integer")`.
public struct PluginConfigError: PluginError, Equatable, Sendable {
    /// The plugin's registry name, e.g. `TextLoggerHook`.
    public var typeName: String
    /// The dotted config key, e.g. `interval` or `hidden.1`.
    public var key: String
    /// What the value must be, as a phrase that follows "must be": `an integer`.
    public var requirement: String

    /// Creates the error for `key` of plugin `typeName`.
    public init(typeName: String, key: String, requirement: String) {
        self.typeName = typeName
        self.key = key
        self.requirement = requirement
    }

    /// ``PluginStatus/invalidArgument``.
    public var status: PluginStatus { .invalidArgument }

    /// `<typeName>: '<key>' must be <requirement>`.
    public var description: String { "\(typeName): '\(key)' must be \(requirement)" }
}
