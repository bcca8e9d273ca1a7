/// What every plugin type written with the kit declares, whatever its kind:
/// the registry name, version and one-line summary in its descriptor, the
/// config keys it accepts, and how an instance is created from its config.
///
/// Conform through a kind's protocol, ``HookPlugin``, ``ModelPlugin``, ``OptimizerPlugin`` or ``DatasetPlugin``,
/// never directly: the kind decides the vtable the kit builds.
public protocol PacerPlugin: AnyObject {
    /// The registry name configs use (`type='TextLoggerHook'`): ASCII
    /// letters, digits and `_`, at most 64 bytes, unique among all plugins.
    static var typeName: String { get }
    /// The plugin's own version, e.g. `"1.0.0"`.
    static var version: String { get }
    /// One line saying what the plugin does; `""` by default.
    static var summary: String { get }
    /// The config keys the plugin accepts (ABI 1.1), shown by `pacer plugins
    /// show`; `[]` by default. With options declared, a 1.1 host refuses an
    /// undeclared key, a value of the wrong type and a missing required key
    /// before ``init(config:)`` runs; with none, it refuses any key that
    /// ``init(config:)`` did not read. Never declare `type` or `priority`.
    static var options: [PluginOption] { get }

    /// Creates an instance from its config dict. Read every option here;
    /// `config` is valid only during this call. Throw ``PluginConfigError``
    /// for a bad value.
    init(config: PluginConfig) throws
}

extension PacerPlugin {
    /// `""`.
    public static var summary: String { "" }
    /// `[]`: no declared options.
    public static var options: [PluginOption] { [] }
}
