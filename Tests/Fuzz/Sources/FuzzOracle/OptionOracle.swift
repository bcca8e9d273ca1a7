import PacerConfig

/// `--cfg-options` arguments: parsing one either gives an option or a one-line error, and
/// merging a parsed option into a small config either succeeds or gives a one-line error.
public enum OptionOracle {
    /// Checks one input, read as one `KEY=VALUE` argument.
    public static func check(_ bytes: [UInt8]) {
        let argument = String(decoding: bytes, as: UTF8.self)
        let option: ConfigOption
        do {
            option = try ConfigOption(parsing: argument)
        } catch {
            ReaderOracle.requireOneLine(error)
            return
        }
        var config = Config(
            file: "x.py",
            entries: ["model": ["hidden": [256, 128], "act": .null], "custom_hooks": [["type": "EMAHook"]], "seed": 0])
        do {
            try config.merge([option])
        } catch {
            ReaderOracle.requireOneLine(error)
        }
    }
}
