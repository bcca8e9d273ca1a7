#if canImport(Glibc)
import Glibc
#endif
import Pacer
import PacerConfig

/// Writes a runner's state to a checkpoint and reads it back: the model's
/// parameters and buffers under their own names (so a safetensors reader
/// sees a plain state dict), optimizer state under `optimizer.`, hook
/// state under `hooks.<Type>.`, and progress in the metadata.
public struct Checkpointer {
    /// The merged config, stored in every checkpoint.
    public let config: ConfigValue

    /// A checkpointer recording `config`.
    public init(config: ConfigValue) { self.config = config }

    /// Saves `runner` to `path` atomically, recording `epoch` and `iter`:
    /// the counters a resumed run continues from.
    public func save(_ runner: Runner, to path: String, saveOptimizer: Bool, epoch: Int, iter: Int) throws {
        let state = StateDict()
        for parameter in runner.model.parameters + runner.model.buffers {
            state.put(parameter.name, StateTensor(copying: parameter.data, shape: parameter.shape))
        }
        if saveOptimizer, let optimizer = runner.optimizer {
            for buffer in optimizer.state {
                state.put("optimizer." + buffer.name, StateTensor(copying: buffer.data, shape: buffer.shape))
            }
        }
        for registered in runner.hooks.all {
            if let hook = registered.hook as? any StatefulHook {
                try hook.saveState(into: state, prefix: "hooks.\(hook.typeName).")
            }
        }
        let meta: ConfigValue = .dict([
            "epoch": .int(epoch),
            "iter": .int(iter),
            "pacer_version": .string(PacerVersion.string),
            "initial_lr": .list(runner.optimizer?.paramGroups.map { .double($0.initialLR) } ?? []),
            "config": config,
        ])
        try AtomicFile.write(SafeTensors.encode(state, metadata: [("format", "pt"), ("pacer.meta", meta.json())]),
                             to: path)
    }
}
