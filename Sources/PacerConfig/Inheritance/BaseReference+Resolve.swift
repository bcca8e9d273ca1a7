extension BaseReference {
    /// The value this reference names in the merged `bases` of `file`.
    func value(in bases: ConfigDict, file: String) throws(ConfigError) -> ConfigValue {
        var current = ConfigValue.dict(bases)
        var walked: [String] = []
        for key in keys {
            guard case .dict(let dict) = current else {
                throw failure(
                    "'\(walked.joined(separator: "."))' is \(current.summary) in the bases, not a dictionary "
                        + "(references name dictionary keys only)", file: file)
            }
            walked.append(key)
            guard let next = dict[key] else {
                throw failure("the bases have no key '\(walked.joined(separator: "."))'", file: file)
            }
            current = next
        }
        return current
    }

    /// An error about this reference in `file`, at the place it is written.
    func failure(_ reason: String, file: String) -> ConfigError {
        ConfigError(file: file, position: position, problem: .unresolvedReference(reference: text, reason: reason))
    }
}

extension ConfigDict {
    /// Puts `value` at `path`, which exists in the dictionary (a reader recorded it).
    mutating func replace(at path: ArraySlice<ConfigKeyPath.Component>, with value: ConfigValue) {
        guard case .key(let key)? = path.first, var child = self[key] else { return }
        if path.count == 1 {
            self[key] = value
            return
        }
        child.replace(at: path.dropFirst(), with: value)
        self[key] = child
    }
}

extension ConfigValue {
    /// Puts `value` at `path` inside this value, where the path exists.
    mutating func replace(at path: ArraySlice<ConfigKeyPath.Component>, with value: ConfigValue) {
        switch (self, path.first) {
        case (.dict(var dict), .key?):
            dict.replace(at: path, with: value)
            self = .dict(dict)
        case (.list(var items), .index(let index)?) where items.indices.contains(index):
            replace(in: &items, at: index, path: path, with: value)
            self = .list(items)
        case (.tuple(var items), .index(let index)?) where items.indices.contains(index):
            replace(in: &items, at: index, path: path, with: value)
            self = .tuple(items)
        default:
            return
        }
    }

    private func replace(
        in items: inout [ConfigValue], at index: Int, path: ArraySlice<ConfigKeyPath.Component>, with value: ConfigValue
    ) {
        if path.count == 1 {
            items[index] = value
        } else {
            items[index].replace(at: path.dropFirst(), with: value)
        }
    }
}
