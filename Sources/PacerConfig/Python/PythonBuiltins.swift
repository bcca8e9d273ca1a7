#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The pure built-in functions a config may call.
enum PythonBuiltins {
    /// The names of the built-ins a config may call.
    static let names: Set<String> = [
        "round", "sum", "int", "float", "str", "repr", "bool", "len", "range", "min", "max", "abs", "list", "tuple", "dict",
        "set", "sorted", "reversed", "zip", "enumerate", "any", "all",
    ]

    /// `name(arguments)`.
    static func call(_ name: String, _ arguments: PythonArguments, budget: PythonBudget) throws(PythonFault)
        -> PythonValue
    {
        let args = arguments.positional
        switch name {
        case "len":
            try arguments.exactly(1)
            return .int(try PythonSemantics.length(args[0]))
        case "abs":
            try arguments.exactly(1)
            switch PythonSemantics.number(args[0]) {
            case .int(let int)?:
                guard int != .min else { throw PythonFault.unsupported("integer beyond 64 bits") }
                return .int(abs(int))
            case .float(let double)?: return .float(abs(double))
            default: throw PythonFault.error("bad operand type for abs(): '\(args[0].typeName)'")
            }
        case "round": return try round(arguments)
        case "sum": return try sum(arguments, budget: budget)
        case "int": return try int(arguments)
        case "float": return try float(arguments)
        case "str":
            try arguments.noKeywords()
            try arguments.between(0, 1)
            return args.isEmpty ? .string("") : .string(try PythonRepr.str(args[0], budget: budget))
        case "repr":
            try arguments.exactly(1)
            return try PythonValue.checked(try PythonRepr.repr(args[0], budget: budget))
        case "bool":
            try arguments.noKeywords()
            try arguments.between(0, 1)
            return .bool(try args.first.map { (value) throws(PythonFault) in try PythonSemantics.isTrue(value) } ?? false)
        case "range": return try range(arguments, budget: budget)
        case "min", "max": return try extreme(arguments, isMax: name == "max", budget: budget)
        case "list", "tuple", "set":
            try arguments.noKeywords()
            try arguments.between(0, 1)
            let items = try args.first.map { (value) throws(PythonFault) in
                try PythonSemantics.items(of: value, budget: budget)
            } ?? []
            if name == "list" { return try PythonValue.newList(items) }
            if name == "tuple" { return try PythonValue.newTuple(items) }
            return .set(try newSet(items))
        case "dict": return .dict(try dict(arguments, budget: budget))
        case "sorted":
            try arguments.onlyKeywords(["reverse"])
            guard args.count == 1 else {
                throw PythonFault.error("sorted expected 1 argument, got \(args.count)")
            }
            let reverse = try arguments.keyword("reverse").map { (value) throws(PythonFault) in
                try PythonSemantics.isTrue(value)
            } ?? false
            return .list(PythonList(try sorted(try PythonSemantics.items(of: args[0], budget: budget), reverse: reverse, budget: budget)))
        case "reversed":
            try arguments.exactly(1)
            switch args[0] {
            case .list, .tuple, .string, .iterator(kind: "range", _):
                let items = try PythonSemantics.items(of: args[0], budget: budget)
                return .iterator(kind: args[0].typeName == "list" ? "list_reverseiterator" : "reversed", items: items.reversed())
            default:
                throw PythonFault.error("'\(args[0].typeName)' object is not reversible")
            }
        case "zip":
            try arguments.onlyKeywords(["strict"])
            var columns: [[PythonValue]] = []
            for value in args { columns.append(try PythonSemantics.items(of: value, budget: budget)) }
            let count = columns.map(\.count).min() ?? 0
            return .iterator(kind: "zip", items: (0..<count).map { row in .tuple(columns.map { $0[row] }) })
        case "enumerate":
            try arguments.onlyKeywords(["start"])
            guard let iterable = arguments.argument(0, "iterable") else {
                throw PythonFault.error("enumerate() missing required argument 'iterable' (pos 1)")
            }
            let start = try arguments.argument(1, "start").map { (value) throws(PythonFault) in
                try PythonArguments.integer(value)
            } ?? 0
            let items = try PythonSemantics.items(of: iterable, budget: budget)
            var pairs: [PythonValue] = []
            for (offset, item) in items.enumerated() {
                let (index, overflow) = start.addingReportingOverflow(offset)
                if overflow { throw PythonFault.unsupported("integer beyond 64 bits") }
                pairs.append(.tuple([.int(index), item]))
            }
            return .iterator(kind: "enumerate", items: pairs)
        case "any", "all":
            try arguments.exactly(1)
            for item in try PythonSemantics.items(of: args[0], budget: budget) {
                if try PythonSemantics.isTrue(item) == (name == "any") { return .bool(name == "any") }
            }
            return .bool(name == "all")
        default:
            throw PythonFault.unsupported("call to \(name)()")
        }
    }

    /// A set of `items`.
    static func newSet(_ items: [PythonValue]) throws(PythonFault) -> PythonSet {
        let set = PythonSet()
        for item in items { try set.insert(item) }
        return set
    }

    /// `items` in Python's order (a stable sort), reversed when asked.
    static func sorted(_ items: [PythonValue], reverse: Bool, budget: PythonBudget) throws(PythonFault) -> [PythonValue] {
        var failure: PythonFault?
        let order: (PythonValue, PythonValue) -> Bool = { a, b in
            guard failure == nil else { return false }
            do throws(PythonFault) {
                return try PythonSemantics.order(.less, a, b, budget: budget)
            } catch {
                failure = error
                return false
            }
        }
        var result: [PythonValue]
        if reverse {
            result = Array(items.reversed())
            result = mergeSorted(result, by: order)
            result.reverse()
        } else {
            result = mergeSorted(items, by: order)
        }
        if let failure { throw failure }
        return result
    }

    /// A stable merge sort (Swift's `sort` is not guaranteed stable).
    private static func mergeSorted(_ items: [PythonValue], by less: (PythonValue, PythonValue) -> Bool) -> [PythonValue] {
        guard items.count > 1 else { return items }
        var source = items
        var target = items
        var width = 1
        while width < source.count {
            var start = 0
            while start < source.count {
                let middle = min(start + width, source.count)
                let end = min(start + 2 * width, source.count)
                var left = start
                var right = middle
                for slot in start..<end {
                    if left < middle && (right >= end || !less(source[right], source[left])) {
                        target[slot] = source[left]
                        left += 1
                    } else {
                        target[slot] = source[right]
                        right += 1
                    }
                }
                start = end
            }
            swap(&source, &target)
            width *= 2
        }
        return source
    }

    private static func round(_ arguments: PythonArguments) throws(PythonFault) -> PythonValue {
        try arguments.onlyKeywords(["number", "ndigits"])
        guard arguments.positional.count <= 2 else {
            throw PythonFault.error("round() takes at most 2 arguments (\(arguments.positional.count) given)")
        }
        guard let number = arguments.argument(0, "number") else {
            throw PythonFault.error("round() missing required argument 'number' (pos 1)")
        }
        let digitsValue = arguments.argument(1, "ndigits")
        let digits: Int? =
            if let digitsValue, case .none = digitsValue { nil } else {
                try digitsValue.map { (value) throws(PythonFault) in try PythonArguments.integer(value) }
            }
        switch PythonSemantics.number(number) {
        case .int(let int)?:
            guard let digits, digits < 0 else { return .int(int) }
            guard digits > -19 else { return .int(0) }
            var power = 1
            for _ in 0..<(-digits) { power *= 10 }
            let remainder = ((int % power) + power) % power
            var result = int - remainder
            let twice = remainder * 2
            if twice > power || (twice == power && (result / power) % 2 != 0) {
                let (rounded, overflow) = result.addingReportingOverflow(power)
                if overflow { throw PythonFault.unsupported("integer beyond 64 bits") }
                result = rounded
            }
            return .int(result)
        case .float(let double)?:
            guard let digits else {
                if double.isNaN { throw PythonFault.error("cannot convert float NaN to integer") }
                if double.isInfinite { throw PythonFault.error("cannot convert float infinity to integer") }
                let rounded = double.rounded(.toNearestOrEven)
                guard abs(rounded) < 9.2e18 else { throw PythonFault.unsupported("integer beyond 64 bits") }
                return .int(Int(rounded))
            }
            return .float(roundFloat(double, digits))
        default:
            throw PythonFault.error("type \(number.typeName) doesn't define __round__ method")
        }
    }

    /// `round(value, digits)` for a float, correctly rounded (half to even on the exact
    /// binary value) as CPython's `double_round` does.
    private static func roundFloat(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite, value != 0 else { return value }
        if digits > 323 { return value }
        if digits < -308 { return 0.0 * value }
        if digits >= 0 {
            var buffer = [CChar](repeating: 0, count: 400 + digits)
            let count = buffer.count
            _ = buffer.withUnsafeMutableBufferPointer { pointer in
                withVaList([Int32(digits), value]) { vsnprintf(pointer.baseAddress, count, "%.*f", $0) }
            }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return Double(text) ?? value
        }
        let power = pow(10.0, Double(-digits))
        let rounded = (value / power).rounded(.toNearestOrEven) * power
        return rounded.isFinite ? rounded : value
    }

    private static func sum(_ arguments: PythonArguments, budget: PythonBudget) throws(PythonFault) -> PythonValue {
        try arguments.onlyKeywords(["start"])
        guard let iterable = arguments.positional.first else {
            throw PythonFault.error("sum() takes at least 1 positional argument (0 given)")
        }
        guard arguments.positional.count <= 2 else {
            throw PythonFault.error("sum() takes at most 2 arguments (\(arguments.positional.count) given)")
        }
        var total = arguments.argument(1, "start") ?? .int(0)
        if case .string = total { throw PythonFault.error("sum() can't sum strings [use ''.join(seq) instead]") }
        for item in try PythonSemantics.items(of: iterable, budget: budget) {
            total = try PythonArithmetic.binary(.add, total, item, budget: budget)
        }
        return total
    }

    private static func int(_ arguments: PythonArguments) throws(PythonFault) -> PythonValue {
        try arguments.noKeywords()
        guard arguments.positional.count <= 1 else {
            if arguments.positional.count == 2 { throw PythonFault.unsupported("int() with a base") }
            throw PythonFault.error("int() takes at most 2 arguments (\(arguments.positional.count) given)")
        }
        guard let value = arguments.positional.first else { return .int(0) }
        switch value {
        case .int, .bool: return .int(PythonSubscript.integer(value) ?? 0)
        case .float(let double):
            if double.isNaN { throw PythonFault.error("cannot convert float NaN to integer") }
            if double.isInfinite { throw PythonFault.error("cannot convert float infinity to integer") }
            guard abs(double) < 9.2e18 else { throw PythonFault.unsupported("integer beyond 64 bits") }
            return .int(Int(double.rounded(.towardZero)))
        case .string(let string):
            let text = string.trimmingPythonWhitespace
            guard PythonNumberText.isInt(text) else {
                throw PythonFault.error("invalid literal for int() with base 10: \(string.pythonRepr)")
            }
            guard let int = Int(text.filter { $0 != "_" }) else { throw PythonFault.unsupported("integer beyond 64 bits") }
            return .int(int)
        default:
            throw PythonFault.error(
                "int() argument must be a string, a bytes-like object or a real number, not '\(value.typeName)'")
        }
    }

    private static func float(_ arguments: PythonArguments) throws(PythonFault) -> PythonValue {
        try arguments.noKeywords()
        try arguments.between(0, 1)
        guard let value = arguments.positional.first else { return .float(0) }
        switch PythonSemantics.number(value) {
        case .int(let int)?: return .float(Double(int))
        case .float(let double)?: return .float(double)
        default: break
        }
        guard case .string(let string) = value else {
            throw PythonFault.error("float() argument must be a string or a real number, not '\(value.typeName)'")
        }
        guard let double = PythonNumberText.float(string.trimmingPythonWhitespace) else {
            throw PythonFault.error("could not convert string to float: \(string.pythonRepr)")
        }
        return .float(double)
    }

    private static func range(_ arguments: PythonArguments, budget: PythonBudget) throws(PythonFault) -> PythonValue {
        try arguments.noKeywords()
        let args = arguments.positional
        guard !args.isEmpty else { throw PythonFault.error("range expected at least 1 argument, got 0") }
        guard args.count <= 3 else { throw PythonFault.error("range expected at most 3 arguments, got \(args.count)") }
        var bounds: [Int] = []
        for value in args { bounds.append(try PythonArguments.integer(value)) }
        let (start, stop) = bounds.count == 1 ? (0, bounds[0]) : (bounds[0], bounds[1])
        let step = bounds.count == 3 ? bounds[2] : 1
        guard step != 0 else { throw PythonFault.error("range() arg 3 must not be zero") }
        let span = step > 0 ? Double(stop) - Double(start) : Double(start) - Double(stop)
        let count = span <= 0 ? 0 : (span / Double(abs(step))).rounded(.up)
        guard count <= Double(PythonValue.maxSize) else {
            throw PythonFault.unsupported("range of more than \(PythonValue.maxSize) items")
        }
        try budget.charge(Int(count))
        var items: [PythonValue] = []
        var value = start
        while step > 0 ? value < stop : value > stop {
            items.append(.int(value))
            let (next, overflow) = value.addingReportingOverflow(step)
            if overflow { break }
            value = next
        }
        return .iterator(kind: "range", items: items)
    }

    private static func extreme(_ arguments: PythonArguments, isMax: Bool, budget: PythonBudget) throws(PythonFault)
        -> PythonValue
    {
        let name = isMax ? "max" : "min"
        try arguments.onlyKeywords(["default"])
        let args = arguments.positional
        guard !args.isEmpty else { throw PythonFault.error("\(name) expected at least 1 argument, got 0") }
        let items = args.count == 1 ? try PythonSemantics.items(of: args[0], budget: budget) : args
        if args.count > 1, arguments.keyword("default") != nil {
            throw PythonFault.error("Cannot specify a default for \(name)() with multiple positional arguments")
        }
        guard var best = items.first else {
            if let fallback = arguments.keyword("default") { return fallback }
            throw PythonFault.error("\(name)() arg is an empty sequence")
        }
        for item in items.dropFirst() where try PythonSemantics.order(isMax ? .greater : .less, item, best, budget: budget) {
            best = item
        }
        return best
    }

    /// `dict(mapping_or_pairs, **keywords)`, as mmcv's dumps write `dict({...})`.
    static func dict(_ arguments: PythonArguments, budget: PythonBudget) throws(PythonFault) -> PythonMapping {
        guard arguments.positional.count <= 1 else {
            throw PythonFault.error("dict expected at most 1 argument, got \(arguments.positional.count)")
        }
        let mapping = PythonMapping()
        if let source = arguments.positional.first { try update(mapping, from: source, budget: budget) }
        for keyword in arguments.keywords {
            mapping[keyword.name] = keyword.value
            try PythonValue.checkCount(mapping.count)
        }
        return mapping
    }

    /// `mapping.update(source)`: a dict, or pairs.
    static func update(_ mapping: PythonMapping, from source: PythonValue, budget: PythonBudget) throws(PythonFault) {
        if case .dict(let other) = source {
            try budget.charge(other.count)
            for entry in other.entries { mapping[entry.key] = entry.value }
            try PythonValue.checkCount(mapping.count)
            return
        }
        for (position, pair) in try PythonSemantics.items(of: source, budget: budget).enumerated() {
            let parts: [PythonValue]
            switch pair {
            case .list, .tuple, .string, .iterator: parts = try PythonSemantics.items(of: pair, budget: budget)
            default:
                throw PythonFault.error("cannot convert dictionary update sequence element #\(position) to a sequence")
            }
            guard parts.count == 2 else {
                throw PythonFault.error(
                    "dictionary update sequence element #\(position) has length \(parts.count); 2 is required")
            }
            mapping[try key(parts[0])] = parts[1]
            try PythonValue.checkCount(mapping.count)
        }
    }

    /// `value` as a dict key: configs key their dicts by strings.
    static func key(_ value: PythonValue) throws(PythonFault) -> String {
        switch value {
        case .string(let string): return string
        case .reference: throw PythonFault.error("a {{_base_.x}} reference cannot be a dictionary key")
        default:
            _ = try PythonHashKey(value)
            throw PythonFault.unsupported("\(value.typeName) dictionary key (keys must be strings)")
        }
    }
}

extension String {
    /// The string without leading and trailing white space, as Python's `str.strip()`.
    var trimmingPythonWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
