extension ConfigValue: ExpressibleByStringLiteral {
    /// A `.string` written as a literal.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension ConfigValue: ExpressibleByIntegerLiteral {
    /// An `.int` written as a literal.
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension ConfigValue: ExpressibleByFloatLiteral {
    /// A `.double` written as a literal.
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension ConfigValue: ExpressibleByBooleanLiteral {
    /// A `.bool` written as a literal.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension ConfigValue: ExpressibleByArrayLiteral {
    /// A `.list` written as an array literal.
    public init(arrayLiteral elements: ConfigValue...) {
        self = .list(elements)
    }
}

extension ConfigValue: ExpressibleByDictionaryLiteral {
    /// A `.dict` written as a dictionary literal, keeping the literal's key order.
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        self = .dict(ConfigDict(elements))
    }
}
