import Pacer
import PacerConfig

extension ConfigSection {
    /// The section's `type`.
    func typeName() throws -> String { try string("type") }

    /// The section with `key` set to `value` when it is absent (MMCV's
    /// `default_args`: the config's own value wins).
    func withDefault(_ key: String, _ value: ConfigValue) -> ConfigSection {
        guard entries[key] == nil else { return self }
        var entries = entries
        entries[key] = value
        return ConfigSection(file: file, keyPath: keyPath, entries: entries)
    }

    /// The section's `priority`, an integer 0...100 or a level name, if set.
    func priority() throws -> Priority? {
        guard let node = optionalValue("priority") else { return nil }
        do {
            if case .string(let name) = node.value { return try Priority(name: name) }
            return try Priority(node.int())
        } catch let error as PriorityError {
            throw BuildError.invalid(node, "is invalid: \(error)")
        }
    }

    /// MMCV's `build_from_cfg`: builds `type` from `registry` with the
    /// argument `makeArgument` makes of this section, first refusing any key
    /// the type does not declare (besides `type` and `extraKeys`), and
    /// naming this section if building fails.
    func build<Argument, Product>(from registry: Registry<Argument, Product>, extraKeys: [String] = [],
                                  _ makeArgument: (ConfigSection) -> Argument) throws -> Product {
        let type = try typeName()
        if let options = registry.options(of: type) {
            try requireOnly(["type"] + extraKeys + options, of: type)
        }
        return try building { try registry.build(type, makeArgument(self)) }
    }

    /// Builds `type` from a registry whose factories take the section itself.
    func build<Product>(from registry: Registry<ConfigSection, Product>) throws -> Product {
        try build(from: registry) { $0 }
    }

    /// The section with `type` set to `name` when it has none (MMCV's
    /// `setdefault('type', ...)` in `register_training_hooks`).
    func withDefaultType(_ name: String) -> ConfigSection {
        withDefault("type", .string(name))
    }
}
