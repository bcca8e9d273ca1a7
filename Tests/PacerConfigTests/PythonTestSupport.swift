import PacerConfig

/// The entries of `text` read as a Python config `t.py`.
func py(_ text: String, variables: PredefinedVariables? = nil) throws(ConfigError) -> ConfigDict {
    try PythonReader.parse(Array(text.utf8), file: "t.py", variables: variables).entries
}

/// The one-line error `text` fails with as a Python config `t.py`, or `nil` when it reads.
func pyError(_ text: String) -> String? {
    errorText { () throws(ConfigError) in try PythonReader.parse(Array(text.utf8), file: "t.py") }
}

/// The value `expression` evaluates to in a Python config.
func pyValue(_ expression: String) throws(ConfigError) -> ConfigValue? {
    try py("x = " + expression + "\n")["x"]
}
