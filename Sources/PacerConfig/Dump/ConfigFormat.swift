/// The formats a config can be written in, as `pacer config --format` names them.
public enum ConfigFormat: String, CaseIterable, Sendable {
    /// Python source in MMCV's `pretty_text` style: `key = dict(a=1, ...)`.
    case py
    /// JSON, indented by 4 spaces.
    case json
    /// YAML in block style, keys in order, tuples tagged `!!python/tuple`.
    case yaml
}

extension Config {
    /// The config written as `format`, ending with a newline; reading the text back (as a
    /// file of that format) gives the same entries.
    ///
    /// Throws for `.py` when a top-level key is not a Python name (or starts with `__`,
    /// which MMCV drops when reading): such a config can only be written as JSON or YAML.
    public func dump(as format: ConfigFormat) throws(ConfigError) -> String {
        switch format {
        case .py: try PythonWriter.render(entries, file: file)
        case .json: entries.json(indent: 4) + "\n"
        case .yaml: YAMLWriter.render(entries)
        }
    }
}
