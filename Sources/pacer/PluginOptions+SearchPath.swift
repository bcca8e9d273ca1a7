import PacerPlugins

extension PluginOptions {
    /// The folders these options name, as a run would search them: the
    /// bundled plugins, each `--plugin-dir`, then `PACER_PLUGIN_PATH`.
    var searchPath: PluginSearchPath {
        PluginSearchPath.standard(directories: pluginDir, allowInsecure: allowInsecurePlugins)
    }
}
