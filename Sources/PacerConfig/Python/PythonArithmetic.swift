#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an operation failed, before the evaluator gives it a position.
enum PythonFault: Error {
    /// What Python would raise (a `TypeError`, a `ZeroDivisionError`, ...), in its words.
    case error(String)
    /// A valid Python operation whose result Pacer cannot hold (an integer beyond 64 bits).
    case unsupported(String)
}

/// Python's arithmetic on the values a config holds: `+ - * / // % **` on numbers (`bool`
/// counting as `int`), `+` joining strings, lists and tuples, and `*` repeating them.
enum PythonArithmetic {
    /// `lhs op rhs`.
    static func binary(
        _ op: PythonOperator, _ lhs: PythonValue, _ rhs: PythonValue, budget: PythonBudget
    ) throws(PythonFault) -> PythonValue {
        if case .reference = lhs { throw PythonSemantics.referenceFault }
        if case .reference = rhs { throw PythonSemantics.referenceFault }
        switch (number(lhs), number(rhs)) {
        case (.int(let a)?, .int(let b)?): return try integer(op, a, b)
        case (.int(let a)?, .float(let b)?): return try float(op, Double(a), b)
        case (.float(let a)?, .int(let b)?): return try float(op, a, Double(b))
        case (.float(let a)?, .float(let b)?): return try float(op, a, b)
        default: return try sequence(op, lhs, rhs, budget: budget)
        }
    }

    /// `-operand` or `+operand`.
    static func unary(_ op: PythonOperator, _ operand: PythonValue) throws(PythonFault) -> PythonValue {
        if case .reference = operand { throw PythonSemantics.referenceFault }
        switch number(operand) {
        case .int(let value)?:
            guard op == .subtract else { return .int(value) }
            let (negated, overflow) = Int(0).subtractingReportingOverflow(value)
            if overflow { throw PythonFault.unsupported("integer beyond 64 bits") }
            return .int(negated)
        case .float(let value)?:
            return .float(op == .subtract ? -value : value)
        default:
            throw PythonFault.error("bad operand type for unary \(op.rawValue): '\(operand.typeName)'")
        }
    }

    /// The value as a number, `bool` as `int`; `nil` for anything else.
    private static func number(_ value: PythonValue) -> PythonValue? {
        PythonSemantics.number(value)
    }

    private static func integer(_ op: PythonOperator, _ a: Int, _ b: Int) throws(PythonFault) -> PythonValue {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            guard b != 0 else { throw PythonFault.error("division by zero") }
            return .float(Double(a) / Double(b))
        case .floorDivide:
            guard b != 0 else { throw PythonFault.error("integer division or modulo by zero") }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            let remainder = a.remainderReportingOverflow(dividingBy: b).partialValue
            result = remainder != 0 && (remainder < 0) != (b < 0) ? (quotient - 1, overflow) : (quotient, overflow)
        case .modulo:
            guard b != 0 else { throw PythonFault.error("integer division or modulo by zero") }
            let remainder = a.remainderReportingOverflow(dividingBy: b).partialValue
            result = (remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder, false)
        case .power:
            guard b >= 0 else {
                guard a != 0 else { throw PythonFault.error("0.0 cannot be raised to a negative power") }
                return .float(pow(Double(a), Double(b)))
            }
            result = power(a, b)
        }
        if result.overflow { throw PythonFault.unsupported("integer beyond 64 bits") }
        return .int(result.partialValue)
    }

    /// `base ** exponent` for a non-negative exponent, by repeated squaring.
    private static func power(_ base: Int, _ exponent: Int) -> (partialValue: Int, overflow: Bool) {
        var result = 1
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                let (product, overflow) = result.multipliedReportingOverflow(by: factor)
                if overflow { return (0, true) }
                result = product
            }
            remaining >>= 1
            if remaining > 0 {
                let (square, overflow) = factor.multipliedReportingOverflow(by: factor)
                if overflow { return (0, true) }
                factor = square
            }
        }
        return (result, false)
    }

    private static func float(_ op: PythonOperator, _ a: Double, _ b: Double) throws(PythonFault) -> PythonValue {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide:
            guard b != 0 else { throw PythonFault.error("float division by zero") }
            return .float(a / b)
        case .floorDivide:
            guard b != 0 else { throw PythonFault.error("float floor division by zero") }
            return .float(floorDivision(a, b))
        case .modulo:
            guard b != 0 else { throw PythonFault.error("float modulo by zero") }
            return .float(modulo(a, b))
        case .power:
            if a == 0 && b < 0 { throw PythonFault.error("0.0 cannot be raised to a negative power") }
            let result = pow(a, b)
            if result.isNaN && !a.isNaN && !b.isNaN { throw PythonFault.unsupported("complex number") }
            if result.isInfinite && a.isFinite && b.isFinite { throw PythonFault.error("numerical result out of range") }
            return .float(result)
        }
    }

    /// Python's float `%`: the result takes the divisor's sign.
    private static func modulo(_ a: Double, _ b: Double) -> Double {
        var remainder = fmod(a, b)
        if remainder != 0 {
            if (b < 0) != (remainder < 0) { remainder += b }
        } else {
            remainder = b < 0 ? -0.0 : 0.0
        }
        return remainder
    }

    /// Python's float `//`, computed as CPython's `float_floor_div` does.
    private static func floorDivision(_ a: Double, _ b: Double) -> Double {
        var remainder = fmod(a, b)
        var quotient = (a - remainder) / b
        if remainder != 0 && (b < 0) != (remainder < 0) {
            remainder += b
            quotient -= 1
        }
        guard quotient != 0 else { return a / b < 0 ? -0.0 : 0.0 }
        var floored = quotient.rounded(.down)
        if quotient - floored > 0.5 { floored += 1 }
        return floored
    }

    /// `+` and `*` on strings, lists and tuples; anything else is a type error.
    private static func sequence(
        _ op: PythonOperator, _ lhs: PythonValue, _ rhs: PythonValue, budget: PythonBudget
    ) throws(PythonFault) -> PythonValue {
        switch (op, lhs, rhs) {
        case (.add, .string(let a), .string(let b)):
            guard a.utf8.count + b.utf8.count <= PythonValue.maxStringBytes else { throw PythonValue.tooLargeString }
            try budget.chargeString(a.utf8.count + b.utf8.count)
            return .string(a + b)
        case (.add, .list(let a), .list(let b)):
            try budget.charge(a.items.count + b.items.count)
            return try PythonValue.newList(a.items + b.items)
        case (.add, .tuple(let a), .tuple(let b)):
            try budget.charge(a.count + b.count)
            return try PythonValue.newTuple(a + b)
        case (.multiply, _, _):
            if case .int(let count)? = number(rhs) { return try repeated(lhs, count, other: rhs, budget: budget) }
            if case .int(let count)? = number(lhs) { return try repeated(rhs, count, other: lhs, budget: budget) }
        case (.add, .list, _), (.add, .tuple, _):
            throw PythonFault.error(
                "can only concatenate \(lhs.typeName) (not \"\(rhs.typeName)\") to \(lhs.typeName)")
        case (.add, .string, _):
            throw PythonFault.error("can only concatenate str (not \"\(rhs.typeName)\") to str")
        case (.modulo, .string, _):
            throw PythonFault.unsupported("'%' string formatting")
        default:
            break
        }
        throw PythonFault.error("unsupported operand type(s) for \(op.rawValue): '\(lhs.typeName)' and '\(rhs.typeName)'")
    }

    /// `value * count` for a string, list or tuple `value`.
    private static func repeated(_ value: PythonValue, _ count: Int, other: PythonValue, budget: PythonBudget)
        throws(PythonFault) -> PythonValue
    {
        let times = max(0, count)
        switch value {
        case .string(let string):
            guard !string.isEmpty && times > 0 else { return .string("") }
            guard times <= PythonValue.maxStringBytes / string.utf8.count else { throw PythonValue.tooLargeString }
            try budget.chargeString(times * string.utf8.count)
            return .string(String(repeating: string, count: times))
        case .list(let list):
            return .list(PythonList(try repeated(list.items, times, budget: budget)))
        case .tuple(let tuple):
            return .tuple(try repeated(tuple, times, budget: budget))
        default:
            throw PythonFault.error("unsupported operand type(s) for *: '\(value.typeName)' and '\(other.typeName)'")
        }
    }

    /// `items` repeated `times` times, refused before it is built when it would be too large.
    private static func repeated(_ items: [PythonValue], _ times: Int, budget: PythonBudget) throws(PythonFault)
        -> [PythonValue]
    {
        guard !items.isEmpty && times > 0 else { return [] }
        guard times <= PythonValue.maxSize / items.count else {
            throw PythonFault.unsupported("value of more than \(PythonValue.maxSize) items")
        }
        try budget.charge(items.count * times)
        var result: [PythonValue] = []
        result.reserveCapacity(items.count * times)
        for _ in 0..<times { result += items }
        return result
    }
}
