import ArgumentParser
import Pacer
import PacerConfig

/// `--cfg-options KEY=VALUE ...`: shared by every command that reads a config.
struct ConfigOverrideOptions: ParsableArguments {
    @Option(
        name: .customLong("cfg-options"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Override config keys, MMCV style: 'optimizer.lr=0.01 custom_hooks.0.priority=40 workflow=\"[(train,1)]\"'.",
            valueName: "key=value"))
    var cfgOptions: [String] = []

    /// The key of every override, naming this flag, for error messages.
    var keys: [String: String] {
        let parsed = (try? ConfigOption.parse(cfgOptions)) ?? []
        return Dictionary(parsed.map { ($0.key, "--cfg-options") }, uniquingKeysWith: { first, _ in first })
    }

    /// The config at `path` with its `_base_` files merged and the overrides applied.
    func load(_ path: String) throws -> Config {
        let options = try ConfigOption.parse(cfgOptions)
        var config = try ConfigLoader.load(path: path)
        for note in config.notes { Console.error("note: \(note)") }
        try config.merge(options)
        return config
    }
}
