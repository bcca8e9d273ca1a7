/// MMCV's `Config._merge_a_into_b`: how a config is merged into its bases, and
/// `--cfg-options` into a config.
///
/// For each key of the child: a dictionary merges into the base's dictionary at that key,
/// recursively, unless it holds a true `_delete_` (then it replaces the base value); a
/// dictionary also replaces when the base has no such key. Anything else — a list, a tuple,
/// a scalar — replaces the base value whole. A dictionary cannot merge into a base value
/// that is not a dictionary, except `None`, which it replaces (MMCV asks for `_delete_`
/// there too). With `allowListKeys` (as `merge_from_dict` uses it), a
/// dictionary may merge into a list or tuple, its keys being indices (`'0'`, `'1'`).
enum ConfigMerge {
    /// The key that makes a child dictionary replace its base value instead of merging.
    static let deleteKey = "_delete_"

    /// Why a merge failed, by the key path where it did.
    enum Failure: Error {
        /// The child has a dictionary at `path`, where the base holds `found`.
        case notADictionary(path: ConfigKeyPath, found: ConfigValue)
        /// The child indexes the list or tuple `found` at `path` with the non-number `key`.
        case notAnIndex(path: ConfigKeyPath, key: String, found: ConfigValue)
        /// The child names `index` of the list at `path`, which has `count` items.
        case indexOutOfRange(path: ConfigKeyPath, index: String, count: Int)
    }

    /// `child` merged into `base`; `base`'s keys keep their order and new keys follow.
    static func merge(
        _ child: ConfigDict, into base: ConfigDict, at path: ConfigKeyPath = ConfigKeyPath(), allowListKeys: Bool
    ) throws(Failure) -> ConfigDict {
        var result = base
        for (key, value) in child {
            result[key] = try merged(value, into: result[key], at: path.appending(.key(key)), allowListKeys: allowListKeys)
        }
        return result
    }

    /// The value at `path` after merging the child's `value` into the base's `existing`
    /// (`nil` when the base has none).
    private static func merged(
        _ value: ConfigValue, into existing: ConfigValue?, at path: ConfigKeyPath, allowListKeys: Bool
    ) throws(Failure) -> ConfigValue {
        guard case .dict(var dict) = value else { return value }
        let delete = dict[deleteKey]
        dict[deleteKey] = nil
        guard let existing, existing != .null, !(delete?.isTruthy ?? false) else { return .dict(dict) }
        switch existing {
        case .dict(let baseDict):
            return .dict(try merge(dict, into: baseDict, at: path, allowListKeys: allowListKeys))
        case .list(let items) where allowListKeys:
            return .list(try merge(dict, into: items, at: path, found: existing))
        case .tuple(let items) where allowListKeys:
            return .tuple(try merge(dict, into: items, at: path, found: existing))
        default:
            throw Failure.notADictionary(path: path, found: existing)
        }
    }

    /// `child`, whose keys are indices, merged into the items of the list or tuple `found`.
    private static func merge(
        _ child: ConfigDict, into items: [ConfigValue], at path: ConfigKeyPath, found: ConfigValue
    ) throws(Failure) -> [ConfigValue] {
        var result = items
        for (key, value) in child {
            guard !key.isEmpty, key.utf8.allSatisfy(\.isDigit) else {
                throw Failure.notAnIndex(path: path, key: key, found: found)
            }
            guard let index = Int(key), index < result.count else {
                throw Failure.indexOutOfRange(path: path, index: key, count: result.count)
            }
            result[index] = try merged(value, into: result[index], at: path.appending(.index(index)), allowListKeys: true)
        }
        return result
    }
}

extension ConfigValue {
    /// Whether Python would find the value true: not `None`, `False`, zero, or empty.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let bool): bool
        case .int(let int): int != 0
        case .double(let double): double != 0
        case .string(let string): !string.isEmpty
        case .list(let items), .tuple(let items): !items.isEmpty
        case .dict(let dict): !dict.isEmpty
        }
    }

    /// The value with every `_delete_` key removed from every dictionary in it.
    var removingDeleteKeys: ConfigValue {
        switch self {
        case .dict(let dict): .dict(dict.removingDeleteKeys)
        case .list(let items): .list(items.map(\.removingDeleteKeys))
        case .tuple(let items): .tuple(items.map(\.removingDeleteKeys))
        default: self
        }
    }
}

extension ConfigDict {
    /// The dictionary with every `_delete_` key removed, at every depth.
    var removingDeleteKeys: ConfigDict {
        var result = ConfigDict()
        for (key, value) in self where key != ConfigMerge.deleteKey {
            result[key] = value.removingDeleteKeys
        }
        return result
    }
}
