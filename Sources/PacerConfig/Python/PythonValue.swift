/// A value while a Python config is evaluated: what a config can hold, plus a pending
/// `{{ _base_.x }}` reference.
///
/// Containers record their depth and size so the reader can refuse values too deep or too
/// large before building them (`x = [x]` repeated, `[[0] * 1000] * 1000`).
enum PythonValue {
    /// The deepest nesting of containers accepted (as for JSON).
    static let maxDepth = 256
    /// The most values one value may hold, counting every nested item.
    static let maxSize = ConfigLimits.maxValues
    /// The longest string accepted, in UTF-8 bytes.
    static let maxStringBytes = 1 << 20

    case int(Int)
    case float(Double)
    case bool(Bool)
    case none
    case string(String)
    case list(PythonItems)
    case tuple(PythonItems)
    case dict(PythonDict)
    /// `{{ _base_.keys }}`, written at byte `offset`.
    case reference(keys: [String], offset: Int)

    /// 0 for a scalar, else one more than the deepest item.
    var depth: Int {
        switch self {
        case .list(let items), .tuple(let items): items.depth
        case .dict(let dict): dict.depth
        default: 0
        }
    }

    /// 1 for a scalar, else 1 plus the sizes of the items.
    var size: Int {
        switch self {
        case .list(let items), .tuple(let items): items.size
        case .dict(let dict): dict.size
        default: 1
        }
    }

    /// Throws when a container of `depth` and `size` would pass the limits.
    static func checkLimits(depth: Int, size: Int) throws(PythonFault) {
        guard depth <= maxDepth else { throw PythonFault.unsupported("values nested deeper than \(maxDepth) levels") }
        guard size <= maxSize else { throw PythonFault.unsupported("value of more than \(maxSize) items") }
    }

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
        case .reference: "reference"
        }
    }
}

/// The items of a list or tuple, with their depth and size.
struct PythonItems {
    let items: [PythonValue]
    let depth: Int
    let size: Int

    /// `items`; throws when they would be deeper or larger than the limits.
    init(_ items: [PythonValue]) throws(PythonFault) {
        var depth = 0
        var size = 1
        for item in items {
            depth = max(depth, item.depth)
            size += item.size
        }
        try PythonValue.checkLimits(depth: depth + 1, size: size)
        self.items = items
        self.depth = depth + 1
        self.size = size
    }
}

/// The string keys and values of a dict, in insertion order, with their depth and size.
struct PythonDict {
    let entries: [(key: String, value: PythonValue)]
    let depth: Int
    let size: Int

    /// `entries` (keys distinct); throws when they would be deeper or larger than the limits.
    init(_ entries: [(key: String, value: PythonValue)]) throws(PythonFault) {
        var depth = 0
        var size = 1
        for entry in entries {
            depth = max(depth, entry.value.depth)
            size += entry.value.size
        }
        try PythonValue.checkLimits(depth: depth + 1, size: size)
        self.entries = entries
        self.depth = depth + 1
        self.size = size
    }
}
