import CPacer

/// One config key a plugin accepts (ABI 1.1's `pacer_option_desc`): its
/// name, the type its value must have, its default as a config would write
/// it, and one line of help. List them in ``PacerPlugin/options``:
///
/// ```swift
/// static let options: [PluginOption] = [
///     .int("every", default: 1, help: "halve the learning rate every `every` epochs"),
///     .float("factor", default: 0.5, help: "what each step multiplies the learning rate by"),
///     .string("out_dir", default: nil, help: "required: where to write"),
/// ]
/// ```
///
/// The host checks the config against them before `create`; the plugin
/// still reads each value itself (through ``PluginConfig``) and applies the
/// default when the key is absent. A 1.0 host ignores declared options.
public struct PluginOption: Hashable, Sendable {
    /// What a value must be (`PACER_OPTION_*`). None (null) is accepted for
    /// every type and reads as "not set".
    public enum ValueType: UInt32, Hashable, Sendable, CaseIterable {
        /// `PACER_OPTION_ANY`: any value.
        case any = 0
        /// `PACER_OPTION_INT`: an integer.
        case int = 1
        /// `PACER_OPTION_FLOAT`: a number, integer or float.
        case float = 2
        /// `PACER_OPTION_BOOL`: True or False.
        case bool = 3
        /// `PACER_OPTION_STRING`: a string.
        case string = 4
        /// `PACER_OPTION_LIST`: a list or a tuple.
        case list = 5
        /// `PACER_OPTION_DICT`: a dict.
        case dict = 6
    }

    /// The top-level key: ASCII letters, digits and `_`, 1 to 64 bytes.
    public var name: String
    /// What the value must be.
    public var type: ValueType
    /// The default as a config writes it (`"0.0002"`, `"True"`, `"'max'"`,
    /// `"None"` for an optional key without a value); nil makes the key
    /// required.
    public var defaultValue: String?
    /// One line saying what the option does.
    public var help: String

    /// An option whose default is given as config text (nil: required).
    public init(_ name: String, _ type: ValueType, default defaultValue: String?, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
    }

    /// An integer option; `default` nil makes it required.
    public static func int(_ name: String, default defaultValue: Int?, help: String) -> PluginOption {
        PluginOption(name, .int, default: defaultValue.map { String($0) }, help: help)
    }

    /// A number option; `default` nil makes it required.
    public static func float(_ name: String, default defaultValue: Double?, help: String) -> PluginOption {
        PluginOption(name, .float, default: defaultValue.map { "\($0)" }, help: help)
    }

    /// A boolean option, its default written `True` or `False`; `default`
    /// nil makes it required.
    public static func bool(_ name: String, default defaultValue: Bool?, help: String) -> PluginOption {
        PluginOption(name, .bool, default: defaultValue.map { $0 ? "True" : "False" }, help: help)
    }

    /// A string option, its default written in single quotes; `default` nil
    /// makes it required.
    public static func string(_ name: String, default defaultValue: String?, help: String) -> PluginOption {
        PluginOption(name, .string, default: defaultValue.map { "'\($0)'" }, help: help)
    }

    /// A list option (a list or a tuple), its default written as a config
    /// would (`"(0.9, 0.999)"`); `default` nil makes it required.
    public static func list(_ name: String, default defaultValue: String?, help: String) -> PluginOption {
        PluginOption(name, .list, default: defaultValue, help: help)
    }

    /// The options' C table for a descriptor: `option_count` and `options`,
    /// in permanent memory (descriptors live as long as the process); 0 and
    /// NULL for none.
    static func permanentTable(_ options: [PluginOption])
        -> (count: UInt32, table: UnsafePointer<UnsafePointer<pacer_option_desc>?>?)
    {
        guard !options.isEmpty else { return (0, nil) }
        let table = UnsafeMutablePointer<UnsafePointer<pacer_option_desc>?>.allocate(capacity: options.count)
        for (index, option) in options.enumerated() {
            var raw = pacer_option_desc()
            raw.struct_size = UInt32(MemoryLayout<pacer_option_desc>.size)
            raw.type = option.type.rawValue
            raw.name = CStrings.permanent(option.name)
            raw.default_value = option.defaultValue.map(CStrings.permanent)
            raw.help = CStrings.permanent(option.help)
            let entry = UnsafeMutablePointer<pacer_option_desc>.allocate(capacity: 1)
            entry.initialize(to: raw)
            (table + index).initialize(to: UnsafePointer(entry))
        }
        return (UInt32(options.count), UnsafePointer(table))
    }
}
