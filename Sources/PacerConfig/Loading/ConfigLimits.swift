/// Limits every config reader applies in the same way, so that a config one reader accepts
/// the others accept too once it is dumped in their format.
public enum ConfigLimits {
    /// The most values a config may hold, counting its top level and every nested item
    /// (in YAML every use of an alias counts again).
    public static let maxValues = 100_000

    /// The message for a config with more than `maxValues` values.
    static let tooManyValues = "the config holds more than \(maxValues) values (counting every nested item)"
}
