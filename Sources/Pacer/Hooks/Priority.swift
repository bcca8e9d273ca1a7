/// A hook's place in a stage: lower runs earlier, and hooks of equal
/// priority run in registration order (MMCV's scale, 0...100).
public struct Priority: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric value, 0 (highest) to 100 (lowest).
    public let value: Int

    /// MMCV's named levels.
    public static let highest = Priority(checked: 0)
    /// 10: LR updaters.
    public static let veryHigh = Priority(checked: 10)
    /// 30: momentum updaters.
    public static let high = Priority(checked: 30)
    /// 40: the optimizer step.
    public static let aboveNormal = Priority(checked: 40)
    /// 50: checkpoints and custom hooks by default.
    public static let normal = Priority(checked: 50)
    /// 60: just below checkpoints.
    public static let belowNormal = Priority(checked: 60)
    /// 70: the iteration timer, evaluation.
    public static let low = Priority(checked: 70)
    /// 90: loggers.
    public static let veryLow = Priority(checked: 90)
    /// 100: after everything else.
    public static let lowest = Priority(checked: 100)

    private static let named: [(name: String, priority: Priority)] = [
        ("HIGHEST", .highest), ("VERY_HIGH", .veryHigh), ("HIGH", .high),
        ("ABOVE_NORMAL", .aboveNormal), ("NORMAL", .normal), ("BELOW_NORMAL", .belowNormal),
        ("LOW", .low), ("VERY_LOW", .veryLow), ("LOWEST", .lowest),
    ]

    private init(checked value: Int) { self.value = value }

    /// A priority from an integer in 0...100.
    public init(_ value: Int) throws(PriorityError) {
        guard (0...100).contains(value) else { throw .outOfRange(value) }
        self.value = value
    }

    /// A priority from a level name such as "NORMAL" or "very_low" (any case).
    public init(name: String) throws(PriorityError) {
        guard let match = Self.named.first(where: { $0.name == name.uppercased() }) else {
            throw .unknownName(name, known: Self.named.map(\.name))
        }
        self = match.priority
    }

    /// The level name when the value is a named level, else the number.
    public var description: String {
        Self.named.first(where: { $0.priority.value == value })?.name ?? String(value)
    }

    /// Lower values run earlier.
    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.value < rhs.value }
}

/// A priority that is neither a known level name nor an integer in 0...100.
public enum PriorityError: Error, CustomStringConvertible, Equatable {
    /// An integer outside 0...100.
    case outOfRange(Int)
    /// A name that is not one of MMCV's levels.
    case unknownName(String, known: [String])

    /// One line naming the bad value and what is allowed.
    public var description: String {
        switch self {
        case .outOfRange(let value):
            return "priority must be between 0 and 100, got \(value)"
        case .unknownName(let name, let known):
            return "unknown priority '\(name)' (known: \(known.joined(separator: ", ")))"
        }
    }
}
