extension Config {
    /// Applies `--cfg-options` as MMCV's `merge_from_dict(options, allow_list_keys=True)`
    /// does: the dotted keys are gathered into one nested dictionary (a later option with
    /// the same key wins), which is then merged into the config. Dictionaries on the way
    /// merge, values replace, a number indexes a list or tuple (`custom_hooks.0.priority`),
    /// and `_delete_=True` under a key replaces that key's dictionary.
    ///
    /// Throws naming the config file and the option's key when a key goes through a value
    /// that is not a dictionary, indexes past the end of a list, or when two options
    /// collide (`a=1` and `a.b=2`).
    public mutating func merge(_ options: [ConfigOption]) throws(ConfigError) {
        guard !options.isEmpty else { return }
        var tree = ConfigDict()
        for option in options {
            let keys = option.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !keys.contains(where: \.isEmpty) else {
                throw ConfigError(file: ConfigOption.source, problem: .invalidKeyPath(option.key))
            }
            guard tree.insert(option.value, at: keys[...]) else {
                throw ConfigError(
                    file: ConfigOption.source,
                    problem: .malformed("'\(option.key)' goes through a key another option sets to a value"))
            }
        }
        do {
            entries = try ConfigMerge.merge(tree, into: entries, allowListKeys: true).removingDeleteKeys
        } catch {
            throw mergeError(error, options: options)
        }
    }

    private func mergeError(_ failure: ConfigMerge.Failure, options: [ConfigOption]) -> ConfigError {
        func target(_ path: ConfigKeyPath) -> ConfigKeyPath {
            let prefix = path.description + "."
            let key = options.first { $0.key.hasPrefix(prefix) }?.key ?? path.description
            return ConfigKeyPath(key.split(separator: ".").map { .key(String($0)) })
        }
        switch failure {
        case .notADictionary(let path, let found):
            return ConfigError(file: file, problem: .notAContainer(target: target(path), blocker: path, found: found))
        case .notAnIndex(let path, _, let found):
            return ConfigError(file: file, problem: .notAContainer(target: target(path), blocker: path, found: found))
        case .indexOutOfRange(let path, let index, let count):
            return ConfigError(
                file: file, problem: .indexOutOfRange(target: target(path), list: path, index: index, count: count))
        }
    }
}

extension ConfigDict {
    /// Puts `value` at the dotted `keys`, creating dictionaries on the way; `false` when a
    /// key on the way already holds something else than a dictionary.
    fileprivate mutating func insert(_ value: ConfigValue, at keys: ArraySlice<String>) -> Bool {
        guard let key = keys.first else { return true }
        if keys.count == 1 {
            self[key] = value
            return true
        }
        var child: ConfigDict
        switch self[key] {
        case nil: child = ConfigDict()
        case .dict(let dict)?: child = dict
        default: return false
        }
        guard child.insert(value, at: keys.dropFirst()) else { return false }
        self[key] = .dict(child)
        return true
    }
}
