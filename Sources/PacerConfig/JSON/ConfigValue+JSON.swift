extension ConfigValue: CustomStringConvertible {
    /// The value as compact JSON, as `json()` renders it.
    public var description: String { json() }

    /// The value as JSON text, written the way Python's `json.dumps` writes it.
    ///
    /// Keys keep their order; floats use Python's shortest round-trip form (`0.1`,
    /// `1e-05`, `100.0`, `1.5e+300`, and `NaN` / `Infinity` as Python writes them);
    /// tuples become arrays; non-ASCII text is written as is (UTF-8).
    /// - Parameter indent: `nil` for one line with `", "` and `": "` separators (the
    ///   `json.dumps(x)` form); a number of spaces for one item per line
    ///   (`json.dumps(x, indent: n)`).
    public func json(indent: Int? = nil) -> String {
        var writer = JSONWriter(indent: indent)
        writer.write(self)
        return writer.output
    }
}

extension ConfigDict {
    /// The dictionary as a JSON object; see `ConfigValue.json(indent:)`.
    public func json(indent: Int? = nil) -> String {
        ConfigValue.dict(self).json(indent: indent)
    }
}
