import Pacer
import PacerConfig

/// Builds a `ClosureHook` from `dict(type='ClosureHook', library=...,
/// symbol=..., point=..., args=[...], returns='void', priority=...)`:
/// every check happens here, each failure one config error naming the file
/// and the key.
enum ClosureHookBuilder {
    /// The hook `config` describes; `allowInsecure` lets a library path
    /// writable by group or others load.
    static func build(_ config: ConfigSection, allowInsecure: Bool) throws -> ClosureHook {
        try config.requireOnly(["type", "priority", "library", "symbol", "point", "args", "returns"], of: "ClosureHook")
        let pointName = try config.string("point")
        guard let point = HookStage(name: pointName) else {
            throw BuildError.invalid(config, "point", "is '\(pointName)', not a hook point "
                + "(known: \(HookStage.runOrder.map(\.name).joined(separator: ", ")))")
        }
        var arguments: [ClosureHookArgument] = []
        for node in try config.optionalList("args") ?? [] {
            do {
                arguments.append(try ClosureHookArgument(parsing: node.string()))
            } catch let error as ClosureHookArgumentError {
                throw BuildError.invalid(node, error.description)
            }
        }
        let returns = try config.string("returns", default: "void")
        guard returns == "void" || returns == "int" else {
            throw BuildError.invalid(config, "returns", "is '\(returns)'; it must be 'void' or 'int'")
        }
        let name = try config.string("library")
        let library: ClosureHookLibrary.Opened
        do {
            library = try ClosureHookLibrary.open(name, configFile: config.file, allowInsecure: allowInsecure)
        } catch {
            throw BuildError.invalid(config, "library", error.description)
        }
        let symbol = try config.string("symbol")
        guard let function = ClosureHookLibrary.function(symbol, in: library) else {
            throw BuildError.invalid(config, "symbol", "is '\(symbol)', which \(library.path) does not export")
        }
        guard let prepared = ClosureHookCall(types: arguments.map(\.type), returnsInt: returns == "int") else {
            throw BuildError.invalid(config, "args", "describe a call libffi cannot prepare")
        }
        let file = library.path.contains("/") ? library.path : ClosureHookLibrary.file(containing: function) ?? library.path
        return ClosureHook(symbol: symbol, library: library.path, origin: "\(symbol) in \(file)", point: point,
                           function: function, arguments: arguments, returnsInt: returns == "int", prepared: prepared)
    }
}
