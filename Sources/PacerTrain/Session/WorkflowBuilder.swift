import Pacer
import PacerConfig

/// Reads `workflow = [('train', 1), ('val', 1)]`.
enum WorkflowBuilder {
    static func workflow(_ config: Config) throws -> [Flow] {
        let flows = try config.list("workflow").map { node -> Flow in
            let parts = try node.list()
            guard parts.count == 2 else { throw BuildError.invalid(node, "must be a pair (mode, count)") }
            let count = try parts[1].int()
            guard count >= 0 else { throw BuildError.invalid(parts[1], "must not be negative") }
            return Flow(try parts[0].string(), count)
        }
        guard flows.contains(where: { $0.mode == "train" && $0.count > 0 }) else {
            throw BuildError.invalid(file: config.file, key: ConfigKeyPath([.key("workflow")]),
                                     message: "has no ('train', N) flow with N > 0; training would never end")
        }
        return flows
    }
}
