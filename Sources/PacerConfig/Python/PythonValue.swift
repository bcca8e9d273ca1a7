/// A value while a Python config is evaluated: what a config can hold, the other values of
/// the subset (sets, iterators such as `range(3)` or `zip(a, b)`), plus a pending
/// `{{ _base_.x }}` reference.
///
/// Lists, dicts and sets are objects shared by reference, as in Python: after
/// `b = a; b.append(1)` both names see the new item. Depth and size are checked when a
/// value is turned into a config value (`PythonConverter`), and every container is created
/// with at most `maxSize` items, so no value can exhaust memory.
enum PythonValue {
    /// The deepest nesting of containers accepted (as for JSON).
    static let maxDepth = 256
    /// The most items one container may hold, and the most values a config may hold.
    static let maxSize = ConfigLimits.maxValues
    /// The longest string accepted, in UTF-8 bytes.
    static let maxStringBytes = 1 << 20

    case int(Int)
    case float(Double)
    case bool(Bool)
    case none
    case string(String)
    case list(PythonList)
    case tuple([PythonValue])
    case dict(PythonMapping)
    case set(PythonSet)
    /// A one-pass sequence that is not a container: a `range`, a generator, what `zip`,
    /// `enumerate`, `reversed` and `dict.items()` return. `kind` is its Python type name.
    case iterator(kind: String, items: [PythonValue])
    /// `{{ _base_.keys }}`, written at byte `offset`.
    case reference(keys: [String], offset: Int)

    /// The type's name as Python spells it, for error messages.
    var typeName: String {
        switch self {
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        case .none: "NoneType"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .set: "set"
        case .iterator(let kind, _): kind
        case .reference: "reference"
        }
    }

    /// Throws when a container of `count` items would pass `maxSize`.
    static func checkCount(_ count: Int) throws(PythonFault) {
        guard count <= maxSize else { throw PythonFault.unsupported("value of more than \(maxSize) items") }
    }

    /// `string`, or a fault when it is longer than `maxStringBytes`.
    static func checked(_ string: String) throws(PythonFault) -> PythonValue {
        guard string.utf8.count <= maxStringBytes else { throw tooLargeString }
        return .string(string)
    }

    /// The fault for a value nested deeper than `maxDepth`.
    static let tooDeep = PythonFault.unsupported("values nested deeper than \(maxDepth) levels")

    /// The fault for a string longer than `maxStringBytes`.
    static let tooLargeString = PythonFault.unsupported("string longer than \(maxStringBytes) bytes")

    /// A new list of `items`, refused when it holds more than `maxSize` items.
    static func newList(_ items: [PythonValue]) throws(PythonFault) -> PythonValue {
        try checkCount(items.count)
        return .list(PythonList(items))
    }

    /// A new tuple of `items`, refused when it holds more than `maxSize` items.
    static func newTuple(_ items: [PythonValue]) throws(PythonFault) -> PythonValue {
        try checkCount(items.count)
        return .tuple(items)
    }
}

/// A Python list: a shared, mutable array of values.
final class PythonList {
    /// The items, in order.
    var items: [PythonValue]

    init(_ items: [PythonValue]) {
        self.items = items
    }
}

/// A Python dict with string keys: shared, mutable, keeping insertion order.
final class PythonMapping {
    /// The entries, in insertion order.
    private(set) var entries: [(key: String, value: PythonValue)] = []
    /// The position of each key in `entries`.
    private var positions: [String: Int] = [:]

    init() {}

    /// A dict of `entries` in their order; a repeated key keeps its first position and its
    /// last value.
    init(_ entries: [(key: String, value: PythonValue)]) {
        for entry in entries { self[entry.key] = entry.value }
    }

    /// The number of keys.
    var count: Int { entries.count }

    /// The keys, in order.
    var keys: [String] { entries.map(\.key) }

    /// The value of `key`; setting `nil` removes the key.
    subscript(key: String) -> PythonValue? {
        get { positions[key].map { entries[$0].value } }
        set {
            if let newValue {
                if let index = positions[key] {
                    entries[index].value = newValue
                } else {
                    positions[key] = entries.count
                    entries.append((key, newValue))
                }
            } else if let index = positions.removeValue(forKey: key) {
                entries.remove(at: index)
                for position in index..<entries.count { positions[entries[position].key] = position }
            }
        }
    }

    /// A new dict with the same entries.
    func copy() -> PythonMapping {
        PythonMapping(entries)
    }
}

/// A Python set of hashable values (numbers, strings, `None`, tuples of them), in the order
/// first added (Python's own order depends on hashes; see docs/differences-from-mmcv.md).
final class PythonSet {
    /// The items, in the order first added.
    private(set) var items: [PythonValue] = []
    private var keys: Set<PythonHashKey> = []

    init() {}

    /// The number of items.
    var count: Int { items.count }

    /// Adds `value` unless an equal value is there; throws for an unhashable value.
    func insert(_ value: PythonValue) throws(PythonFault) {
        if keys.insert(try PythonHashKey(value)).inserted { items.append(value) }
    }

    /// Whether an equal value is in the set; throws for an unhashable value.
    func contains(_ value: PythonValue) throws(PythonFault) -> Bool {
        keys.contains(try PythonHashKey(value))
    }
}

/// What makes two hashable Python values equal: `1`, `1.0` and `True` are the same key.
indirect enum PythonHashKey: Hashable {
    case number(Double, Int?)
    case string(String)
    case none
    case tuple([PythonHashKey])

    /// The key of `value`; a list, dict or set is unhashable, as in Python.
    init(_ value: PythonValue, depth: Int = 0) throws(PythonFault) {
        guard depth <= PythonValue.maxDepth else { throw PythonValue.tooDeep }
        switch value {
        case .int(let int): self = .number(Double(int), int)
        case .bool(let bool): self = .number(bool ? 1 : 0, bool ? 1 : 0)
        case .float(let double):
            let exact = double.isFinite && double.rounded() == double && abs(double) < 9.2e18 ? Int(double) : nil
            self = .number(exact.map(Double.init) ?? double, exact)
        case .string(let string): self = .string(string)
        case .none: self = .none
        case .tuple(let items):
            var keys: [PythonHashKey] = []
            for item in items { keys.append(try PythonHashKey(item, depth: depth + 1)) }
            self = .tuple(keys)
        default:
            throw PythonFault.error("unhashable type: '\(value.typeName)'")
        }
    }
}
