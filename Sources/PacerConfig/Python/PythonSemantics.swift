/// The evaluation budget of one config: every expression, every item a loop or a built-in
/// goes through and every 16 bytes of a new string cost a step, so no config can make the
/// reader run for long.
final class PythonBudget {
    /// The most steps one config may take.
    static let maxSteps = 2_000_000

    private var steps = 0

    init() {}

    /// Spends `count` steps; throws once the config has spent more than `maxSteps`.
    func charge(_ count: Int = 1) throws(PythonFault) {
        steps += min(count, Self.maxSteps + 1)
        guard steps <= Self.maxSteps else {
            throw PythonFault.error(
                "the config takes more than \(Self.maxSteps) steps to evaluate (Pacer reads a config, it does not run it)")
        }
    }

    /// Spends the steps of building a string of `bytes` bytes.
    func chargeString(_ bytes: Int) throws(PythonFault) {
        try charge(1 + bytes / 16)
    }
}

/// Python's truth, equality, ordering, membership and iteration on evaluated values.
enum PythonSemantics {
    /// The fault for a `{{ _base_.x }}` reference used in an operation.
    static let referenceFault = PythonFault.error(
        "a {{_base_.x}} reference must stand alone as a whole value (it is replaced after the file is read)")

    /// Whether Python finds `value` true.
    static func isTrue(_ value: PythonValue) throws(PythonFault) -> Bool {
        switch value {
        case .none: false
        case .bool(let bool): bool
        case .int(let int): int != 0
        case .float(let double): double != 0
        case .string(let string): !string.isEmpty
        case .list(let list): !list.items.isEmpty
        case .tuple(let items): !items.isEmpty
        case .dict(let dict): dict.count > 0
        case .set(let set): set.count > 0
        case .iterator(let kind, let items): kind == "range" ? !items.isEmpty : true
        case .reference: throw referenceFault
        }
    }

    /// `lhs == rhs`, comparing containers item by item.
    static func equal(
        _ lhs: PythonValue, _ rhs: PythonValue, budget: PythonBudget, depth: Int = 0
    ) throws(PythonFault) -> Bool {
        guard depth <= PythonValue.maxDepth else { throw PythonValue.tooDeep }
        try budget.charge()
        if let order = numericOrder(lhs, rhs) { return order == 0 }
        switch (lhs, rhs) {
        case (.reference, _), (_, .reference): throw referenceFault
        case (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            if a === b { return true }
            return try equal(a.items, b.items, budget: budget, depth: depth)
        case (.tuple(let a), .tuple(let b)):
            return try equal(a, b, budget: budget, depth: depth)
        case (.dict(let a), .dict(let b)):
            guard a !== b else { return true }
            guard a.count == b.count else { return false }
            for entry in a.entries {
                guard let other = b[entry.key] else { return false }
                if !(try equal(entry.value, other, budget: budget, depth: depth + 1)) { return false }
            }
            return true
        case (.set(let a), .set(let b)):
            guard a.count == b.count else { return false }
            for item in a.items where !(try b.contains(item)) { return false }
            return true
        case (.iterator(let kind, let a), .iterator(kind: "range", let b)) where kind == "range":
            return try equal(a, b, budget: budget, depth: depth)
        default:
            return false
        }
    }

    private static func equal(
        _ a: [PythonValue], _ b: [PythonValue], budget: PythonBudget, depth: Int
    ) throws(PythonFault) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where !(try equal(x, y, budget: budget, depth: depth + 1)) { return false }
        return true
    }

    /// `-1`, `0` or `1` comparing two numbers (`bool` counting as `int`) exactly as Python
    /// does; `nil` when either is not a number, `2` when one is NaN (nothing is true).
    static func numericOrder(_ lhs: PythonValue, _ rhs: PythonValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a > b ? 1 : 0 }
        switch (number(lhs), number(rhs)) {
        case (.int(let a)?, .int(let b)?): return sign(a, b)
        case (.float(let a)?, .float(let b)?): return a.isNaN || b.isNaN ? 2 : sign(a, b)
        case (.int(let a)?, .float(let b)?): return b.isNaN ? 2 : -mixedOrder(b, a)
        case (.float(let a)?, .int(let b)?): return a.isNaN ? 2 : mixedOrder(a, b)
        default: return nil
        }
    }

    /// The order of a float and an int, compared exactly.
    private static func mixedOrder(_ double: Double, _ int: Int) -> Int {
        if double >= 9_223_372_036_854_775_808.0 { return 1 }
        if double < -9_223_372_036_854_775_808.0 { return -1 }
        let whole = Int(double.rounded(.down))
        if whole != int { return whole < int ? -1 : 1 }
        return double > double.rounded(.down) ? 1 : 0
    }

    /// The value as a number, `bool` as `int`; `nil` for anything else.
    static func number(_ value: PythonValue) -> PythonValue? {
        switch value {
        case .int, .float: value
        case .bool(let bool): .int(bool ? 1 : 0)
        default: nil
        }
    }

    /// `lhs op rhs` for `<`, `>`, `<=`, `>=`.
    static func order(
        _ op: PythonComparison, _ lhs: PythonValue, _ rhs: PythonValue, budget: PythonBudget, depth: Int = 0
    ) throws(PythonFault) -> Bool {
        guard depth <= PythonValue.maxDepth else { throw PythonValue.tooDeep }
        try budget.charge()
        func holds(_ sign: Int) -> Bool {
            switch op {
            case .less: sign == -1
            case .greater: sign == 1
            case .lessOrEqual: sign == -1 || sign == 0
            default: sign == 1 || sign == 0
            }
        }
        if let sign = numericOrder(lhs, rhs) { return holds(sign) }
        switch (lhs, rhs) {
        case (.reference, _), (_, .reference): throw referenceFault
        case (.string(let a), .string(let b)):
            let sign = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars, by: { $0.value < $1.value })
                ? -1 : a == b ? 0 : 1
            return holds(sign)
        case (.list(let a), .list(let b)):
            return try order(op, a.items, b.items, budget: budget, depth: depth)
        case (.tuple(let a), .tuple(let b)):
            return try order(op, a, b, budget: budget, depth: depth)
        default:
            throw PythonFault.error(
                "'\(op.rawValue)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
    }

    private static func order(
        _ op: PythonComparison, _ a: [PythonValue], _ b: [PythonValue], budget: PythonBudget, depth: Int
    ) throws(PythonFault) -> Bool {
        for (x, y) in zip(a, b) where !(try equal(x, y, budget: budget, depth: depth + 1)) {
            return try order(op, x, y, budget: budget, depth: depth + 1)
        }
        let sign = a.count < b.count ? -1 : a.count > b.count ? 1 : 0
        switch op {
        case .less: return sign == -1
        case .greater: return sign == 1
        case .lessOrEqual: return sign <= 0
        default: return sign >= 0
        }
    }

    /// `item in container`.
    static func contains(_ container: PythonValue, _ item: PythonValue, budget: PythonBudget) throws(PythonFault) -> Bool {
        if case .reference = item { throw referenceFault }
        switch container {
        case .string(let string):
            guard case .string(let part) = item else {
                throw PythonFault.error("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            try budget.chargeString(string.utf8.count)
            return part.isEmpty || string.contains(part)
        case .dict(let dict):
            if case .string(let key) = item { return dict[key] != nil }
            _ = try PythonHashKey(item)
            return false
        case .set(let set):
            return try set.contains(item)
        case .reference:
            throw referenceFault
        default:
            for candidate in try items(of: container, budget: budget)
            where try equal(candidate, item, budget: budget) {
                return true
            }
            return false
        }
    }

    /// The items `for x in value` goes through.
    static func items(of value: PythonValue, budget: PythonBudget) throws(PythonFault) -> [PythonValue] {
        let items: [PythonValue]
        switch value {
        case .list(let list): items = list.items
        case .tuple(let tuple): items = tuple
        case .string(let string): items = string.unicodeScalars.map { .string(String($0)) }
        case .dict(let dict): items = dict.entries.map { .string($0.key) }
        case .set(let set): items = set.items
        case .iterator(_, let values): items = values
        case .reference: throw referenceFault
        default: throw PythonFault.error("'\(value.typeName)' object is not iterable")
        }
        try budget.charge(items.count)
        return items
    }

    /// `len(value)`.
    static func length(_ value: PythonValue) throws(PythonFault) -> Int {
        switch value {
        case .string(let string): return string.unicodeScalars.count
        case .list(let list): return list.items.count
        case .tuple(let items): return items.count
        case .dict(let dict): return dict.count
        case .set(let set): return set.count
        case .iterator(let kind, let items) where ["range", "dict_items", "dict_keys", "dict_values"].contains(kind):
            return items.count
        case .reference: throw referenceFault
        default: throw PythonFault.error("object of type '\(value.typeName)' has no len()")
        }
    }
}
