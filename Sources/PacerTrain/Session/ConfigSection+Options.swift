import PacerConfig

extension ConfigSection {
    /// Refuses any key outside `known`, naming it and the closest known
    /// one, or listing them all (MMCV raises a TypeError for an unexpected
    /// keyword).
    func requireOnly(_ known: [String], of what: String) throws {
        for key in entries.keys.sorted() where !known.contains(key) {
            throw BuildError.unknownKey(self, key, of: what, known: known)
        }
    }

    /// The number at `key`, which must be present, refused unless `accept`
    /// holds; `rule` says what is allowed.
    func double(_ key: String, where accept: (Double) -> Bool, _ rule: String) throws -> Double {
        let read = try double(key)
        guard accept(read) else { throw BuildError.invalid(self, key, rule) }
        return read
    }

    /// The number at `key`, refused unless `accept` holds; `rule` says what is allowed.
    func double(_ key: String, default value: Double, where accept: (Double) -> Bool, _ rule: String) throws -> Double {
        let read = try double(key, default: value)
        guard accept(read) else { throw BuildError.invalid(self, key, rule) }
        return read
    }

    /// The integer at `key`, refused unless `accept` holds; `rule` says what is allowed.
    func int(_ key: String, default value: Int, where accept: (Int) -> Bool, _ rule: String) throws -> Int {
        let read = try int(key, default: value)
        guard accept(read) else { throw BuildError.invalid(self, key, rule) }
        return read
    }

    /// A number, or a list of numbers (one per parameter group), at `key`.
    func numbers(_ key: String, default value: [Double]? = nil) throws -> [Double] {
        guard let node = optionalValue(key) else {
            if let value { return value }
            _ = try self.value(key)  // throws "missing key"
            return []
        }
        if case .list = node.value { return try node.list().map { try $0.double() } }
        if case .tuple = node.value { return try node.list().map { try $0.double() } }
        return [try node.double()]
    }
}
