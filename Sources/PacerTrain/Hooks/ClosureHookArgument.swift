/// One entry of a ClosureHook's `args`: `NAME` passes the runner value
/// NAME as its default C type, `TYPE:NAME` as TYPE (`int32:iter`,
/// `float:lr`). `ClosureHookValue` lists the names, `ClosureHookCType` the
/// types.
struct ClosureHookArgument: Equatable, Sendable {
    /// The runner value.
    let value: ClosureHookValue
    /// The C type it is passed as.
    let type: ClosureHookCType

    /// Parses an `args` entry.
    init(parsing entry: String) throws(ClosureHookArgumentError) {
        let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts.count == 2 ? parts[1] : entry
        guard let value = ClosureHookValue(name: name) else { throw .unknownName(name) }
        self.value = value
        guard parts.count == 2 else {
            type = value.kind.types[0]
            return
        }
        guard let type = ClosureHookCType(rawValue: parts[0]) else { throw .unsupportedType(parts[0]) }
        guard value.kind.types.contains(type) else { throw .typeMismatch(name: name, kind: value.kind, type: type) }
        self.type = type
    }
}

/// An `args` entry a ClosureHook cannot pass; the description follows the
/// entry's key in a config error.
enum ClosureHookArgumentError: Error, CustomStringConvertible, Equatable {
    /// A name outside the vocabulary.
    case unknownName(String)
    /// A `TYPE:` that is not a supported C type.
    case unsupportedType(String)
    /// A supported type the value cannot be passed as.
    case typeMismatch(name: String, kind: ClosureHookValue.Kind, type: ClosureHookCType)

    var description: String {
        switch self {
        case .unknownName(let name):
            return "names '\(name)', which is not a runner value (known: \(ClosureHookValue.vocabulary))"
        case .unsupportedType(let type):
            return "asks for type '\(type)', which a ClosureHook cannot pass (supported: \(ClosureHookCType.names))"
        case .typeMismatch(let name, let kind, let type):
            return "asks for \(name), \(kind.description), as \(type.rawValue); pass it as "
                + kind.types.map(\.rawValue).joined(separator: ", ")
        }
    }
}
