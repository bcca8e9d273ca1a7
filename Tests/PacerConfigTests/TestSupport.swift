import PacerConfig

/// Parses `text` as JSON read from `file`.
func parse(_ text: String, file: String = "t.json") throws(ConfigError) -> ConfigValue {
    try JSONReader.value(from: Array(text.utf8), file: file)
}

/// The one-line error `text` fails with, or `nil` when it parses.
func parseError(_ text: String) -> String? {
    parseError(Array(text.utf8))
}

/// The one-line error `bytes` fail with, or `nil` when they parse.
func parseError(_ bytes: [UInt8]) -> String? {
    do {
        _ = try JSONReader.value(from: bytes, file: "t.json")
        return nil
    } catch {
        return error.description
    }
}

/// The one-line error `body` throws, or `nil` when it succeeds.
func errorText<T>(_ body: () throws(ConfigError) -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.description
    }
}
