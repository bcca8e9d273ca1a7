extension ConfigValue {
    /// The value as error messages show it, on one line: `string "ten"`, `integer 3`,
    /// `list of 2 items`, `null`.
    var summary: String {
        switch self {
        case .dict(let dict): "dictionary with \(counted(dict.count, "key"))"
        case .list(let items): "list of \(counted(items.count, "item"))"
        case .tuple(let items): "tuple of \(counted(items.count, "item"))"
        case .string: "string \(json())"
        case .int: "integer \(json())"
        case .double: "float \(json())"
        case .bool: "boolean \(json())"
        case .null: "null"
        }
    }
}

/// `1 key`, `3 keys`.
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
