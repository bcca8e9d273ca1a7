import ArgumentParser
import Pacer
import PacerConfig

/// `pacer config CONFIG`: the config as the runner will see it.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a config with its _base_ files merged and --cfg-options applied.")

    /// The formats `--format` accepts.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case py, json, yaml

        var configFormat: ConfigFormat {
            switch self {
            case .py: .py
            case .json: .json
            case .yaml: .yaml
            }
        }
    }

    @Argument(help: "The config file (.py, .json, .yaml or .yml).")
    var config: String

    @OptionGroup var overrides: ConfigOverrideOptions

    @Option(help: "How to print it: py (MMCV's pretty_text), json or yaml.")
    var format: Format = .py

    func run() throws {
        try reportingErrors {
            let text = try overrides.load(config).dump(as: format.configFormat)
            Console.out(String(text.dropLast()))
        }
    }
}
