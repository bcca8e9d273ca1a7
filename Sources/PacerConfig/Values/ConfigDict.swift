/// A dictionary of config values that keeps its keys in insertion order.
///
/// Assigning to an existing key replaces the value in place (the key keeps its position,
/// as in a Python dict); assigning `nil` removes the key. Two dicts are equal when they
/// hold the same keys in the same order with equal values, so equal dicts render to the
/// same text.
public struct ConfigDict: Sendable, Hashable {
    /// The keys, in insertion order.
    public private(set) var keys: [String] = []
    private var storage: [String: ConfigValue] = [:]

    /// An empty dictionary.
    public init() {}

    /// A dictionary of `pairs` in their order; a repeated key keeps its first position
    /// and its last value, as a Python dict built the same way would.
    public init(_ pairs: some Sequence<(String, ConfigValue)>) {
        for (key, value) in pairs {
            self[key] = value
        }
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// Whether the dictionary has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`, or `nil` when absent. Setting `nil` removes the key.
    public subscript(key: String) -> ConfigValue? {
        get { storage[key] }
        set {
            guard let newValue else {
                if storage.removeValue(forKey: key) != nil {
                    keys.removeAll { $0 == key }
                }
                return
            }
            if storage.updateValue(newValue, forKey: key) == nil {
                keys.append(key)
            }
        }
    }
}

extension ConfigDict: Sequence {
    /// Iterates the `(key, value)` pairs in insertion order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: ConfigValue)> {
        keys.lazy.map { (key: $0, value: storage[$0]!) }.makeIterator()
    }
}

extension ConfigDict: ExpressibleByDictionaryLiteral {
    /// A dictionary written as a literal, keeping the literal's key order.
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        self.init(elements)
    }
}
