/// One value of a log record.
enum LogValue: Equatable {
    case string(String)
    case int(Int)
    case double(Double)
}

/// MMCV's `log_dict`: an ordered dict where setting an existing key keeps
/// its place (`dict(log_dict, **output)`).
struct LogRecord {
    /// The entries in insertion order.
    private(set) var entries: [(key: String, value: LogValue)] = []

    /// The value of `key`, or nil.
    subscript(key: String) -> LogValue? {
        entries.first { $0.key == key }?.value
    }

    /// Sets `key`, in place when present, else at the end.
    mutating func set(_ key: String, _ value: LogValue) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append((key: key, value: value))
        }
    }

    /// The value as Python's f-string shows it without a format spec.
    static func plain(_ value: LogValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return PythonFormat.repr(number)
        }
    }
}
