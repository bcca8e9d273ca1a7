/// Named factories of one kind (runners, hooks, models, datasets,
/// optimizers), looked up by a config's `type`.
public struct Registry<Argument, Product> {
    /// What the registry holds, for messages ("hook", "model").
    public let kind: String
    private var factories: [String: (origin: String, make: (Argument) throws -> Product)] = [:]

    /// An empty registry of `kind`.
    public init(kind: String) { self.kind = kind }

    /// Registered type names, sorted.
    public var names: [String] { factories.keys.sorted() }

    /// Where `name` was registered from ("built-in" or a plugin file).
    public func origin(of name: String) -> String? { factories[name]?.origin }

    /// Adds `name`. A name registered twice is an error naming both origins.
    public mutating func register(_ name: String, origin: String = "built-in",
                                  _ make: @escaping (Argument) throws -> Product) throws(RegistryError) {
        if let existing = factories[name] {
            throw .duplicate(kind: kind, name: name, first: existing.origin, second: origin)
        }
        factories[name] = (origin, make)
    }

    /// Builds `name` from `argument`.
    public func build(_ name: String, _ argument: Argument) throws -> Product {
        guard let entry = factories[name] else {
            throw RegistryError.unknown(kind: kind, name: name, known: names)
        }
        return try entry.make(argument)
    }
}

/// A registry lookup or registration that failed.
public enum RegistryError: Error, CustomStringConvertible, Equatable {
    /// `name` is not registered.
    case unknown(kind: String, name: String, known: [String])
    /// `name` was registered twice.
    case duplicate(kind: String, name: String, first: String, second: String)

    /// One line naming the type and what is known.
    public var description: String {
        switch self {
        case .unknown(let kind, let name, let known):
            return "unknown \(kind) type '\(name)' (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .duplicate(let kind, let name, let first, let second):
            return "\(kind) type '\(name)' is defined twice: in \(first) and in \(second)"
        }
    }
}
