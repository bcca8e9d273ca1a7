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

    /// Builds `type` from `registry`, naming this section if it fails.
    func build<Product>(from registry: Registry<ConfigSection, Product>) throws -> Product {
        let type = try typeName()
        return try building { try registry.build(type, self) }
    }
}
