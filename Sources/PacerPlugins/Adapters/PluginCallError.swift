/// The message a plugin reported when one of its calls failed. The runner
/// adds which plugin, hook point or step it was.
public struct PluginCallError: Error, CustomStringConvertible, Equatable {
    /// The plugin's message.
    public let description: String
}
