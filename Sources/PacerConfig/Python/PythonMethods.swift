/// The methods of built-in values a config may call: those of `list`, `dict` and `str`
/// that configs use, in place or not.
enum PythonMethods {
    /// `receiver.name(arguments)`.
    static func call(
        _ receiver: PythonValue, _ name: String, _ positional: [PythonValue],
        _ keywords: [(name: String, value: PythonValue)], budget: PythonBudget
    ) throws(PythonFault) -> PythonValue {
        let arguments = PythonArguments(function: "\(receiver.typeName).\(name)()", positional: positional, keywords: keywords)
        switch receiver {
        case .list(let list): return try listMethod(list, name, arguments, budget: budget)
        case .dict(let dict): return try dictMethod(dict, name, arguments, budget: budget)
        case .string(let string): return try stringMethod(string, name, arguments, budget: budget)
        case .reference: throw PythonSemantics.referenceFault
        default: throw PythonFault.unsupported("method \(receiver.typeName).\(name)()")
        }
    }

    private static func listMethod(_ list: PythonList, _ name: String, _ arguments: PythonArguments, budget: PythonBudget)
        throws(PythonFault) -> PythonValue
    {
        let args = arguments.positional
        switch name {
        case "append":
            try arguments.exactly(1)
            try PythonValue.checkCount(list.items.count + 1)
            list.items.append(args[0])
        case "extend":
            try arguments.exactly(1)
            let items = try PythonSemantics.items(of: args[0], budget: budget)
            try PythonValue.checkCount(list.items.count + items.count)
            list.items += items
        case "insert":
            try arguments.noKeywords()
            guard args.count == 2 else { throw PythonFault.error("insert expected 2 arguments, got \(args.count)") }
            try PythonValue.checkCount(list.items.count + 1)
            let index = try PythonArguments.integer(args[0])
            let count = list.items.count
            let position = index < 0 ? max(0, index + count) : min(index, count)
            try budget.charge(count)
            list.items.insert(args[1], at: position)
        case "pop":
            try arguments.noKeywords()
            try arguments.between(0, 1)
            guard !list.items.isEmpty else { throw PythonFault.error("pop from empty list") }
            let index = try args.first.map { (value) throws(PythonFault) in try PythonArguments.integer(value) } ?? -1
            let position = index < 0 ? index + list.items.count : index
            guard list.items.indices.contains(position) else { throw PythonFault.error("pop index out of range") }
            try budget.charge(list.items.count)
            return list.items.remove(at: position)
        case "remove", "index", "count":
            try arguments.exactly(1)
            var matches: [Int] = []
            for (position, item) in list.items.enumerated() where try PythonSemantics.equal(item, args[0], budget: budget) {
                matches.append(position)
                if name != "count" { break }
            }
            if name == "count" { return .int(matches.count) }
            guard let first = matches.first else {
                if name == "remove" { throw PythonFault.error("list.remove(x): x not in list") }
                throw PythonFault.error("\(try PythonRepr.repr(args[0], budget: budget)) is not in list")
            }
            if name == "index" { return .int(first) }
            list.items.remove(at: first)
        case "copy":
            try arguments.exactly(0)
            try budget.charge(list.items.count)
            return .list(PythonList(list.items))
        case "reverse":
            try arguments.exactly(0)
            list.items.reverse()
        case "sort":
            try arguments.onlyKeywords(["reverse"])
            guard args.isEmpty else { throw PythonFault.error("sort() takes no positional arguments") }
            let reverse = try arguments.keyword("reverse").map { (value) throws(PythonFault) in
                try PythonSemantics.isTrue(value)
            } ?? false
            list.items = try PythonBuiltins.sorted(list.items, reverse: reverse, budget: budget)
        case "clear":
            try arguments.exactly(0)
            list.items = []
        default:
            throw PythonFault.unsupported("method list.\(name)()")
        }
        return .none
    }

    private static func dictMethod(
        _ dict: PythonMapping, _ name: String, _ arguments: PythonArguments, budget: PythonBudget
    ) throws(PythonFault) -> PythonValue {
        let args = arguments.positional
        switch name {
        case "update":
            guard args.count <= 1 else { throw PythonFault.error("update expected at most 1 argument, got \(args.count)") }
            if let source = args.first { try PythonBuiltins.update(dict, from: source, budget: budget) }
            for keyword in arguments.keywords { dict[keyword.name] = keyword.value }
            try PythonValue.checkCount(dict.count)
        case "get":
            try arguments.noKeywords()
            try arguments.between(1, 2)
            guard case .string(let key) = args[0] else {
                _ = try PythonHashKey(args[0])
                return args.count > 1 ? args[1] : .none
            }
            return dict[key] ?? (args.count > 1 ? args[1] : .none)
        case "setdefault":
            try arguments.noKeywords()
            try arguments.between(1, 2)
            let key = try PythonBuiltins.key(args[0])
            if let found = dict[key] { return found }
            let value = args.count > 1 ? args[1] : .none
            dict[key] = value
            try PythonValue.checkCount(dict.count)
            return value
        case "pop":
            try arguments.noKeywords()
            try arguments.between(1, 2)
            if case .string(let key) = args[0], let found = dict[key] {
                try budget.charge(dict.count)
                dict[key] = nil
                return found
            }
            _ = try PythonHashKey(args[0])
            if args.count > 1 { return args[1] }
            throw PythonFault.error("KeyError: \(try PythonRepr.repr(args[0], budget: budget))")
        case "copy":
            try arguments.exactly(0)
            try budget.charge(dict.count)
            return .dict(dict.copy())
        case "items", "keys", "values":
            try arguments.exactly(0)
            try budget.charge(dict.count)
            let items: [PythonValue] =
                switch name {
                case "items": dict.entries.map { .tuple([.string($0.key), $0.value]) }
                case "keys": dict.entries.map { .string($0.key) }
                default: dict.entries.map(\.value)
                }
            return .iterator(kind: "dict_\(name)", items: items)
        case "clear":
            try arguments.exactly(0)
            for key in dict.keys { dict[key] = nil }
        default:
            throw PythonFault.unsupported("method dict.\(name)()")
        }
        return .none
    }

    private static func stringMethod(_ string: String, _ name: String, _ arguments: PythonArguments, budget: PythonBudget)
        throws(PythonFault) -> PythonValue
    {
        let args = arguments.positional
        try budget.chargeString(string.utf8.count)
        switch name {
        case "format":
            return try PythonValue.checked(
                try PythonStringFormat.format(string, arguments.positional, arguments.keywords, budget: budget))
        case "join":
            try arguments.exactly(1)
            var parts: [String] = []
            var length = 0
            for (position, item) in try PythonSemantics.items(of: args[0], budget: budget).enumerated() {
                guard case .string(let part) = item else {
                    throw PythonFault.error("sequence item \(position): expected str instance, \(item.typeName) found")
                }
                length += part.utf8.count + string.utf8.count
                guard length <= PythonValue.maxStringBytes + string.utf8.count else { throw PythonValue.tooLargeString }
                parts.append(part)
            }
            try budget.chargeString(length)
            return .string(parts.joined(separator: string))
        case "replace":
            try arguments.noKeywords()
            try arguments.between(2, 3)
            let old = try arguments.string(args[0], "argument 1")
            let new = try arguments.string(args[1], "argument 2")
            let limit = try args.count > 2 ? PythonArguments.integer(args[2]) : -1
            return try PythonValue.checked(try replace(string, old, new, limit: limit, budget: budget))
        case "split", "rsplit":
            try arguments.onlyKeywords(["sep", "maxsplit"])
            guard args.count <= 2 else { throw PythonFault.error("\(arguments.function) takes at most 2 arguments (\(args.count) given)") }
            let separator = arguments.argument(0, "sep")
            let limit = try arguments.argument(1, "maxsplit").map { (value) throws(PythonFault) in
                try PythonArguments.integer(value)
            } ?? -1
            var parts: [String]
            if let separator, case .string(let text) = separator {
                guard !text.isEmpty else { throw PythonFault.error("empty separator") }
                parts = split(string, by: text, limit: limit, fromEnd: name == "rsplit")
            } else if separator == nil || { if case .none = separator! { true } else { false } }() {
                parts = splitOnWhitespace(string, limit: limit, fromEnd: name == "rsplit")
            } else {
                throw PythonFault.error("must be str or None, not \(separator!.typeName)")
            }
            try budget.charge(parts.count)
            return try PythonValue.newList(parts.map { .string($0) })
        case "upper", "lower":
            try arguments.exactly(0)
            return .string(name == "upper" ? string.uppercased() : string.lowercased())
        case "strip", "lstrip", "rstrip":
            try arguments.noKeywords()
            try arguments.between(0, 1)
            let characters: Set<Unicode.Scalar>?
            switch args.first {
            case nil, .none?: characters = nil
            case .string(let text)?: characters = Set(text.unicodeScalars)
            case let other?: throw PythonFault.error("strip arg must be None or str, not \(other.typeName)")
            }
            let strip: (Unicode.Scalar) -> Bool = { characters?.contains($0) ?? $0.properties.isWhitespace }
            var scalars = Substring(string).unicodeScalars[...]
            if name != "rstrip" { scalars = scalars.drop(while: strip) }
            if name != "lstrip" { while let last = scalars.last, strip(last) { scalars = scalars.dropLast() } }
            return .string(String(String.UnicodeScalarView(scalars)))
        case "startswith", "endswith":
            try arguments.noKeywords()
            try arguments.between(1, 1)
            let candidates: [PythonValue]
            if case .tuple(let items) = args[0] { candidates = items } else { candidates = [args[0]] }
            for candidate in candidates {
                guard case .string(let affix) = candidate else {
                    throw PythonFault.error(
                        "\(name) first arg must be str or a tuple of str, not \(candidate.typeName)")
                }
                let scalars = Array(string.unicodeScalars)
                let affixScalars = Array(affix.unicodeScalars)
                let matches =
                    name == "startswith" ? scalars.starts(with: affixScalars)
                    : scalars.reversed().starts(with: affixScalars.reversed())
                if matches { return .bool(true) }
            }
            return .bool(false)
        default:
            throw PythonFault.unsupported("method str.\(name)()")
        }
    }

    /// `string.replace(old, new, limit)`, by Unicode scalars as Python compares.
    private static func replace(_ string: String, _ old: String, _ new: String, limit: Int, budget: PythonBudget)
        throws(PythonFault) -> String
    {
        let source = Array(string.unicodeScalars)
        let pattern = Array(old.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var done = 0
        var length = 0
        func mayReplace() -> Bool { limit < 0 || done < limit }
        if pattern.isEmpty {
            for scalar in source {
                if mayReplace() {
                    output.append(contentsOf: new.unicodeScalars)
                    done += 1
                    length += new.utf8.count
                }
                output.append(scalar)
                guard length <= PythonValue.maxStringBytes else { throw PythonValue.tooLargeString }
            }
            if mayReplace() { output.append(contentsOf: new.unicodeScalars) }
            return String(output)
        }
        while index < source.count {
            if mayReplace() && index + pattern.count <= source.count && source[index..<(index + pattern.count)].elementsEqual(pattern) {
                output.append(contentsOf: new.unicodeScalars)
                length += new.utf8.count
                index += pattern.count
                done += 1
                try budget.chargeString(new.utf8.count)
                guard length <= PythonValue.maxStringBytes else { throw PythonValue.tooLargeString }
            } else {
                output.append(source[index])
                index += 1
            }
        }
        return String(output)
    }

    /// `string.split(separator, limit)` (from the end for `rsplit`).
    private static func split(_ string: String, by separator: String, limit: Int, fromEnd: Bool) -> [String] {
        let source = Array(string.unicodeScalars)
        let pattern = Array(separator.unicodeScalars)
        var ranges: [Range<Int>] = []
        if fromEnd {
            var end = source.count
            var index = source.count - pattern.count
            while index >= 0 && (limit < 0 || ranges.count < limit) {
                if source[index..<(index + pattern.count)].elementsEqual(pattern) {
                    ranges.append((index + pattern.count)..<end)
                    end = index
                    index -= pattern.count
                } else {
                    index -= 1
                }
            }
            ranges.append(0..<end)
            ranges.reverse()
        } else {
            var start = 0
            var index = 0
            while index + pattern.count <= source.count && (limit < 0 || ranges.count < limit) {
                if source[index..<(index + pattern.count)].elementsEqual(pattern) {
                    ranges.append(start..<index)
                    index += pattern.count
                    start = index
                } else {
                    index += 1
                }
            }
            ranges.append(start..<source.count)
        }
        return ranges.map { String(String.UnicodeScalarView(source[$0])) }
    }

    /// `string.split()`: runs of white space separate, none are kept at the ends.
    private static func splitOnWhitespace(_ string: String, limit: Int, fromEnd: Bool) -> [String] {
        var scalars = Array(string.unicodeScalars)
        if fromEnd { scalars.reverse() }
        var parts: [[Unicode.Scalar]] = []
        var index = 0
        while index < scalars.count {
            while index < scalars.count && scalars[index].properties.isWhitespace { index += 1 }
            guard index < scalars.count else { break }
            if limit >= 0 && parts.count == limit {
                parts.append(Array(scalars[index...]))
                break
            }
            let start = index
            while index < scalars.count && !scalars[index].properties.isWhitespace { index += 1 }
            parts.append(Array(scalars[start..<index]))
        }
        if fromEnd { parts = parts.map { $0.reversed() }.reversed() }
        return parts.map { String(String.UnicodeScalarView($0)) }
    }
}
