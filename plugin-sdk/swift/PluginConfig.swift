import CPacer

/// One plugin instance's config dict, during `create` only: the keyword
/// arguments of MMCV's `dict(type='TextLoggerHook', interval=50)`.
///
/// Keys are dotted paths (`"interval"`, `"hidden.1"` for index 1 of the
/// list `hidden`). Each getter either takes a default, used when the key is
/// missing, or returns nil for a missing key. A value of another type throws
/// a ``PluginConfigError`` naming the plugin and the key. An integer also reads as
/// a double.
public struct PluginConfig {
    /// The registry name of the plugin being created, used in messages.
    public let typeName: String
    /// The host's function table.
    public let api: UnsafePointer<pacer_host_api>
    /// The opaque `pacer_config *` of this `create` call.
    public let handle: OpaquePointer

    /// Wraps the handles of one `create` call for plugin `typeName`.
    public init(typeName: String, api: UnsafePointer<pacer_host_api>, handle: OpaquePointer) {
        self.typeName = typeName
        self.api = api
        self.handle = handle
    }

    /// The host's context-free services (name, version, any-thread log).
    public var host: Host { Host(api: api) }

    /// The whole config as JSON text.
    public var json: String { CStrings.string(api.pointee.cfg_json!(handle)) }

    /// True when the config has `key` (whatever its value).
    public func has(_ key: String) -> Bool {
        key.withCString { api.pointee.cfg_has!(handle, $0) } != 0
    }

    /// The integer at `key`, or nil when missing.
    public func int(_ key: String) throws -> Int? {
        var value: Int64 = 0
        let status = key.withCString { api.pointee.cfg_get_i64!(handle, $0, &value) }
        return try check(status, key, "an integer") ? Int(value) : nil
    }

    /// The integer at `key`, or `default` when missing.
    public func int(_ key: String, default defaultValue: Int) throws -> Int {
        try int(key) ?? defaultValue
    }

    /// The number at `key` (an integer reads as a double), or nil when missing.
    public func double(_ key: String) throws -> Double? {
        var value = 0.0
        let status = key.withCString { api.pointee.cfg_get_f64!(handle, $0, &value) }
        return try check(status, key, "a number") ? value : nil
    }

    /// The number at `key`, or `default` when missing.
    public func double(_ key: String, default defaultValue: Double) throws -> Double {
        try double(key) ?? defaultValue
    }

    /// The boolean at `key`, or nil when missing.
    public func bool(_ key: String) throws -> Bool? {
        var value: Int32 = 0
        let status = key.withCString { api.pointee.cfg_get_bool!(handle, $0, &value) }
        return try check(status, key, "a boolean") ? value != 0 : nil
    }

    /// The boolean at `key`, or `default` when missing.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        try bool(key) ?? defaultValue
    }

    /// The string at `key` (copied), or nil when missing.
    public func string(_ key: String) throws -> String? {
        var value: UnsafePointer<CChar>? = nil
        let status = key.withCString { api.pointee.cfg_get_str!(handle, $0, &value) }
        return try check(status, key, "a string") ? CStrings.string(value) : nil
    }

    /// The string at `key`, or `default` when missing.
    public func string(_ key: String, default defaultValue: String) throws -> String {
        try string(key) ?? defaultValue
    }

    /// The list of integers at `key`, or nil when missing.
    public func intList(_ key: String) throws -> [Int]? {
        try list(key, "a list of integers") { try int($0) }
    }

    /// The list of integers at `key`, or `default` when missing.
    public func intList(_ key: String, default defaultValue: [Int]) throws -> [Int] {
        try intList(key) ?? defaultValue
    }

    /// The list of numbers at `key`, or nil when missing.
    public func doubleList(_ key: String) throws -> [Double]? {
        try list(key, "a list of numbers") { try double($0) }
    }

    /// The list of numbers at `key`, or `default` when missing.
    public func doubleList(_ key: String, default defaultValue: [Double]) throws -> [Double] {
        try doubleList(key) ?? defaultValue
    }

    /// Reads a list element by element through `element` ("key.0", "key.1", ...).
    private func list<T>(_ key: String, _ requirement: String,
                         _ element: (String) throws -> T?) throws -> [T]? {
        var count: UInt64 = 0
        let status = key.withCString { api.pointee.cfg_get_len!(handle, $0, &count) }
        guard try check(status, key, requirement) else { return nil }
        var values: [T] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count {
            do {
                guard let value = try element("\(key).\(index)") else {
                    throw PluginConfigError(typeName: typeName, key: key, requirement: requirement)
                }
                values.append(value)
            } catch is PluginConfigError {
                throw PluginConfigError(typeName: typeName, key: key, requirement: requirement)
            }
        }
        return values
    }

    /// Maps a getter's status: true when found, false when missing, and a
    /// ``PluginConfigError`` (or a host failure) otherwise.
    private func check(_ status: pacer_status, _ key: String, _ requirement: String) throws -> Bool {
        switch status {
        case PACER_OK: return true
        case PACER_E_NOT_FOUND: return false
        case PACER_E_INVALID_ARG:
            throw PluginConfigError(typeName: typeName, key: key, requirement: requirement)
        default:
            throw PluginFailure("\(typeName): cannot read config key '\(key)' (status \(status))",
                                status: PluginStatus(rawValue: status))
        }
    }
}
