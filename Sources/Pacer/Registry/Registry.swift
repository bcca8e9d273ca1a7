/// Named factories of one kind (runners, hooks, models, optimizers,
/// datasets), looked up by a config's `type`: MMCV's `Registry` and
/// `build_from_cfg`. Each name may declare the config keys it accepts, so
/// a builder can refuse any other key before building.
public struct Registry<Argument, Product> {
    /// What the registry holds, for messages ("hook", "model").
    public let kind: String
    private var entries: [String: Entry] = [:]

    private struct Entry {
        let origin: String
        let options: [String]?
        let make: (Argument) throws -> Product
    }

    /// An empty registry of `kind`.
    public init(kind: String) { self.kind = kind }

    /// Registered type names, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Where `name` was registered from ("built-in" or a plugin file).
    public func origin(of name: String) -> String? { entries[name]?.origin }

    /// The config keys `name` accepts besides `type`, or nil when it did not
    /// declare them (a plugin that checks its keys as it reads them).
    public func options(of name: String) -> [String]? { entries[name]?.options }

    /// Adds `name`, accepting the config keys `options` (nil: not declared).
    /// A name registered twice is an error naming both origins.
    public mutating func register(_ name: String, origin: String = "built-in", options: [String]? = nil,
                                  _ make: @escaping (Argument) throws -> Product) throws(RegistryError) {
        if let existing = entries[name] {
            throw .duplicate(kind: kind, name: name, first: existing.origin, second: origin)
        }
        entries[name] = Entry(origin: origin, options: options, make: make)
    }

    /// Builds `name` from `argument`.
    public func build(_ name: String, _ argument: Argument) throws -> Product {
        guard let entry = entries[name] else {
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

    /// One line naming the type and the closest known one (or all known ones).
    public var description: String {
        switch self {
        case .unknown(let kind, let name, let known):
            if let close = Spelling.closest(to: name, among: known) {
                return "unknown \(kind) type '\(name)'; did you mean '\(close)'?"
            }
            return "unknown \(kind) type '\(name)' (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .duplicate(let kind, let name, let first, let second):
            return "\(kind) type '\(name)' is defined twice: in \(first) and in \(second)"
        }
    }
}
