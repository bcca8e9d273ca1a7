import CPacer

/// A hook's place in the order of hooks at each point, on MMCV's scale:
/// 0 runs first, 100 runs last, and equal priorities run in the order the
/// hooks were registered. A priority set in the config overrides
/// ``HookPlugin/defaultPriority``.
public struct Priority: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral {
    /// The value in 0...100.
    public let rawValue: Int32

    /// Wraps a value. The host refuses a descriptor outside 0...100.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Allows `static let defaultPriority: Priority = 45`.
    public init(integerLiteral value: Int32) { self.rawValue = value }

    /// Orders by value: lower runs earlier.
    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// 0.
    public static let highest = Priority(rawValue: PACER_PRIORITY_HIGHEST)
    /// 10.
    public static let veryHigh = Priority(rawValue: PACER_PRIORITY_VERY_HIGH)
    /// 30.
    public static let high = Priority(rawValue: PACER_PRIORITY_HIGH)
    /// 40: the optimizer hook's priority.
    public static let aboveNormal = Priority(rawValue: PACER_PRIORITY_ABOVE_NORMAL)
    /// 50: the default.
    public static let normal = Priority(rawValue: PACER_PRIORITY_NORMAL)
    /// 60.
    public static let belowNormal = Priority(rawValue: PACER_PRIORITY_BELOW_NORMAL)
    /// 70.
    public static let low = Priority(rawValue: PACER_PRIORITY_LOW)
    /// 90: loggers.
    public static let veryLow = Priority(rawValue: PACER_PRIORITY_VERY_LOW)
    /// 100.
    public static let lowest = Priority(rawValue: PACER_PRIORITY_LOWEST)
}
