import PacerConfig

/// The entries of `text` read as a YAML config `t.yaml`.
func yaml(_ text: String, variables: PredefinedVariables? = nil) throws(ConfigError) -> ConfigDict {
    try YAMLReader.parse(Array(text.utf8), file: "t.yaml", variables: variables).entries
}

/// The one-line error `text` fails with as a YAML config `t.yaml`, or `nil` when it reads.
func yamlError(_ text: String) -> String? {
    errorText { () throws(ConfigError) in try YAMLReader.parse(Array(text.utf8), file: "t.yaml") }
}

/// The value of the plain scalar `text` in a YAML config.
func yamlScalar(_ text: String) throws(ConfigError) -> ConfigValue? {
    try yaml("x: " + text + "\n")["x"]
}
