extension Config {
    /// Sets the value at a dotted key path such as `runner.max_epochs`, replacing what
    /// was there (a dictionary is replaced whole, not merged).
    ///
    /// Missing intermediate dictionaries are created, and so is one in place of `null`.
    /// As in MMCV's `--cfg-options`, a key made of digits indexes into a list or tuple
    /// when the value there is one (`custom_hooks.0.priority`), and is a plain key in a
    /// dictionary otherwise.
    public mutating func set(_ dottedPath: String, _ value: ConfigValue) throws(ConfigError) {
        let keys = dottedPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.contains(where: \.isEmpty) else {
            throw ConfigError(file: file, problem: .invalidKeyPath(dottedPath))
        }
        var setter = PathSetter(file: file, keys: keys)
        try setter.set(value, in: &entries)
    }
}

/// Walks a dotted path down a config tree, creating dictionaries on the way, and records
/// the path walked so errors can name both the target and the step that failed.
private struct PathSetter {
    let file: String
    let keys: [String]
    var walked = ConfigKeyPath()
    var target: ConfigKeyPath {
        ConfigKeyPath(keys.map { .key($0) })
    }

    mutating func set(_ value: ConfigValue, in dict: inout ConfigDict) throws(ConfigError) {
        let key = keys[walked.components.count]
        walked = walked.appending(.key(key))
        if walked.components.count == keys.count {
            dict[key] = value
            return
        }
        var child = dict[key] ?? .null
        dict[key] = .null  // Leave `child` the only owner so it is changed in place.
        defer { dict[key] = child }
        try set(value, in: &child)
    }

    mutating func set(_ value: ConfigValue, in node: inout ConfigValue) throws(ConfigError) {
        switch node {
        case .null:
            var dict = ConfigDict()
            try set(value, in: &dict)
            node = .dict(dict)
        case .dict(var dict):
            node = .null
            defer { node = .dict(dict) }
            try set(value, in: &dict)
        case .list(var items):
            let index = try nextIndex(in: node, count: items.count)
            node = .null
            defer { node = .list(items) }
            try set(value, at: index, in: &items)
        case .tuple(var items):
            let index = try nextIndex(in: node, count: items.count)
            node = .null
            defer { node = .tuple(items) }
            try set(value, at: index, in: &items)
        default:
            throw notAContainer(node)
        }
    }

    /// The next key read as an index into `sequence`, which has `count` items.
    private func nextIndex(in sequence: ConfigValue, count: Int) throws(ConfigError) -> Int {
        let key = keys[walked.components.count]
        guard key.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw notAContainer(sequence)
        }
        guard let index = Int(key), index < count else {
            throw ConfigError(
                file: file,
                problem: .indexOutOfRange(target: target, list: walked, index: key, count: count))
        }
        return index
    }

    mutating func set(_ value: ConfigValue, at index: Int, in items: inout [ConfigValue]) throws(ConfigError) {
        walked = walked.appending(.index(index))
        if walked.components.count == keys.count {
            items[index] = value
            return
        }
        try set(value, in: &items[index])
    }

    private func notAContainer(_ found: ConfigValue) -> ConfigError {
        ConfigError(file: file, problem: .notAContainer(target: target, blocker: walked, found: found))
    }
}
