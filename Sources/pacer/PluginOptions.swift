import ArgumentParser
import PacerPlugins
import PacerTrain

/// Where plugins come from: shared by every command that builds a run.
struct PluginOptions: ParsableArguments {
    @Option(name: .long, help: "A folder of plugin libraries; repeat for several.")
    var pluginDir: [String] = []

    @Flag(name: .long, help: "Load plugins even from files or folders writable by group or others.")
    var allowInsecurePlugins = false

    /// Train options carrying these plugin settings.
    func trainOptions(workDir: String? = nil, seed: Int? = nil) -> TrainOptions {
        TrainOptions(workDir: workDir, pluginDirs: pluginDir, seed: seed, allowInsecurePlugins: allowInsecurePlugins)
    }
}

extension PluginOptions {
    /// The folders these options name, as a run would search them: the
    /// bundled plugins, each `--plugin-dir`, then `PACER_PLUGIN_PATH`.
    var searchPath: PluginSearchPath {
        PluginSearchPath.standard(directories: pluginDir, allowInsecure: allowInsecurePlugins)
    }
}
