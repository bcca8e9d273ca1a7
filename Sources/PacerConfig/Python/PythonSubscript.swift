/// Python's `value[index]` and `value[lower:upper:step]` on lists, tuples, strings, dicts
/// and ranges.
enum PythonSubscript {
    /// `value[index]`.
    static func item(of value: PythonValue, at index: PythonValue, budget: PythonBudget) throws(PythonFault) -> PythonValue {
        if case .reference = index { throw PythonSemantics.referenceFault }
        switch value {
        case .dict(let dict):
            guard case .string(let key) = index, let found = dict[key] else {
                _ = try PythonHashKey(index)
                throw PythonFault.error("KeyError: \(try PythonRepr.repr(index, budget: budget))")
            }
            return found
        case .list(let list):
            return list.items[try position(index, count: list.items.count, of: value)]
        case .tuple(let items):
            return items[try position(index, count: items.count, of: value)]
        case .iterator(kind: "range", let items):
            return items[try position(index, count: items.count, of: value)]
        case .string(let string):
            try budget.chargeString(string.utf8.count)
            let scalars = Array(string.unicodeScalars)
            return .string(String(scalars[try position(index, count: scalars.count, of: value)]))
        case .reference:
            throw PythonSemantics.referenceFault
        default:
            throw PythonFault.error("'\(value.typeName)' object is not subscriptable")
        }
    }

    /// The position `index` names in a sequence of `count` items (negative from the end).
    static func position(_ index: PythonValue, count: Int, of value: PythonValue) throws(PythonFault) -> Int {
        let name = value.typeName == "str" ? "string" : value.typeName
        guard let int = integer(index) else {
            if case .string = value { throw PythonFault.error("string indices must be integers, not '\(index.typeName)'") }
            throw PythonFault.error("\(name) indices must be integers or slices, not \(index.typeName)")
        }
        let resolved = int < 0 ? int + count : int
        guard resolved >= 0 && resolved < count else {
            throw PythonFault.error("\(name == "range" ? "range object" : name) index out of range")
        }
        return resolved
    }

    /// `value` as an index: an int or a bool.
    static func integer(_ value: PythonValue) -> Int? {
        switch value {
        case .int(let int): int
        case .bool(let bool): bool ? 1 : 0
        default: nil
        }
    }

    /// `value[lower:upper:step]` for a list, tuple, string or range.
    static func slice(
        of value: PythonValue, _ lower: PythonValue, _ upper: PythonValue, _ step: PythonValue, budget: PythonBudget
    ) throws(PythonFault) -> PythonValue {
        switch value {
        case .list(let list):
            return .list(PythonList(try pick(list.items, lower, upper, step, budget: budget)))
        case .tuple(let items):
            return .tuple(try pick(items, lower, upper, step, budget: budget))
        case .iterator(kind: "range", let items):
            return .iterator(kind: "range", items: try pick(items, lower, upper, step, budget: budget))
        case .string(let string):
            try budget.chargeString(string.utf8.count)
            let scalars = Array(string.unicodeScalars)
            var text = String.UnicodeScalarView()
            for index in try indices(count: scalars.count, lower, upper, step) { text.append(scalars[index]) }
            return .string(String(text))
        case .dict:
            throw PythonFault.error("unhashable type: 'slice'")
        case .reference:
            throw PythonSemantics.referenceFault
        default:
            throw PythonFault.error("'\(value.typeName)' object is not subscriptable")
        }
    }

    private static func pick(
        _ items: [PythonValue], _ lower: PythonValue, _ upper: PythonValue, _ step: PythonValue, budget: PythonBudget
    ) throws(PythonFault) -> [PythonValue] {
        let chosen = Array(try indices(count: items.count, lower, upper, step))
        try budget.charge(chosen.count)
        return chosen.map { items[$0] }
    }

    /// The positions `[lower:upper:step]` selects from `count` items, as Python's
    /// `PySlice_AdjustIndices` computes them.
    static func indices(count: Int, _ lower: PythonValue, _ upper: PythonValue, _ step: PythonValue) throws(PythonFault)
        -> StrideTo<Int>
    {
        func bound(_ value: PythonValue) throws(PythonFault) -> Int? {
            if case .none = value { return nil }
            guard let int = integer(value) else {
                throw PythonFault.error("slice indices must be integers or None or have an __index__ method")
            }
            return int
        }
        let stride = try bound(step) ?? 1
        guard stride != 0 else { throw PythonFault.error("slice step cannot be zero") }
        func adjust(_ value: Int?, default fallback: Int) -> Int {
            guard var index = value else { return fallback }
            if index < 0 {
                index = index < -count ? (stride < 0 ? -1 : 0) : index + count
            } else if index >= count {
                index = stride < 0 ? count - 1 : count
            }
            return index
        }
        let start = adjust(try bound(lower), default: stride < 0 ? count - 1 : 0)
        let stop = adjust(try bound(upper), default: stride < 0 ? -1 : count)
        return Swift.stride(from: start, to: stop, by: stride)
    }
}
