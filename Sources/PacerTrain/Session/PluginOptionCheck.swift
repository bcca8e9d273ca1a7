import Pacer
import PacerConfig
import PacerPlugins

/// The config-key check of a plugin type: against the options it declares
/// (ABI 1.1) before create(), or, when it declares none, against the keys
/// it asked for during create().
enum PluginOptionCheck {
    /// The view a plugin instance is created with, after refusing a value
    /// of the wrong type or a missing required key its declared options
    /// rule out (the registry already refused undeclared keys).
    static func view(for plugin: PluginDescriptor, _ config: ConfigSection) throws -> PluginConfigView {
        for option in plugin.options {
            guard let node = config.optionalValue(option.name) else {
                if option.defaultValue == nil, config.entries[option.name] == nil {
                    throw BuildError.invalid(config, option.name, "is required by \(plugin.typeName) (\(option.help))")
                }
                continue
            }
            guard accepts(option.type, node.value) else {
                throw ConfigError(file: node.file, problem: .wrongType(node.keyPath, expected: describe(option.type),
                                                                       found: node.value))
            }
        }
        return PluginConfigView(config)
    }

    /// Refuses a key a plugin that declares no options never asked for
    /// during create() (keys in `hostKeys` are read by the host).
    static func unasked(by plugin: PluginDescriptor, _ view: PluginConfigView,
                        hostKeys: [String] = []) throws {
        guard plugin.options.isEmpty else { return }
        if let key = view.unaskedKeys.first(where: { !hostKeys.contains($0) }) {
            throw BuildError.unknownKey(view.section, key, of: plugin.typeName,
                                        known: view.askedKeys + hostKeys)
        }
    }

    private static func accepts(_ type: DeclaredOption.ValueType, _ value: ConfigValue) -> Bool {
        switch (type, value) {
        case (.any, _), (.int, .int), (.float, .int), (.float, .double), (.bool, .bool), (.string, .string),
             (.list, .list), (.list, .tuple), (.dict, .dict):
            return true
        default:
            return false
        }
    }

    private static func describe(_ type: DeclaredOption.ValueType) -> String {
        switch type {
        case .any: "any value"
        case .int: "an integer"
        case .float: "a number"
        case .bool: "True or False"
        case .string: "a string"
        case .list: "a list"
        case .dict: "a dict"
        }
    }
}
