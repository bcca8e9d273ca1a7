import PacerConfig

extension ConfigDict {
    /// Sets the value at a dotted path ("data.train.num_samples",
    /// "custom_hooks.0.momentum"), descending through dicts and list
    /// indices that exist and creating the last key.
    mutating func set(_ path: String, _ value: ConfigValue) {
        let parts = path.split(separator: ".").map(String.init)
        self = Self.setting(value, at: parts[...], in: .dict(self)).dictValue
    }

    private static func setting(_ value: ConfigValue, at parts: ArraySlice<String>, in node: ConfigValue) -> ConfigValue {
        guard let first = parts.first else { return value }
        switch node {
        case .dict(var dict):
            dict[first] = setting(value, at: parts.dropFirst(), in: dict[first] ?? .dict([:]))
            return .dict(dict)
        case .list(var items):
            let index = Int(first)!
            items[index] = setting(value, at: parts.dropFirst(), in: items[index])
            return .list(items)
        default:
            preconditionFailure("no container at \(first)")
        }
    }
}

private extension ConfigValue {
    var dictValue: ConfigDict {
        guard case .dict(let dict) = self else { preconditionFailure("not a dict") }
        return dict
    }
}
