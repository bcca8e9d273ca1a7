import Pacer
import PacerConfig

/// Writes a runner's state to a checkpoint and reads it back: the model's
/// parameters and buffers under their own names (so a safetensors reader
/// sees a plain state dict), a stateful model's extra state under
/// `model_state.`, optimizer state under `optimizer.`, hook state under
/// `hooks.<Type>.`, and in the metadata the progress, the
/// position inside the epoch, the optimizer's groups and the config.
public struct Checkpointer {
    /// The merged config, stored in every checkpoint.
    public let config: ConfigValue

    /// A checkpointer recording `config`.
    public init(config: ConfigValue) { self.config = config }

    /// Saves `runner` to `path` atomically, recording `progress`: the
    /// counters and position a resumed run continues from.
    public func save(_ runner: Runner, to path: String, saveOptimizer: Bool, progress: Progress) throws {
        let state = StateDict()
        for parameter in runner.model.parameters + runner.model.buffers {
            state.put(parameter.name, StateTensor(copying: parameter.data, shape: parameter.shape))
        }
        if let stateful = runner.model as? any StatefulModel {
            try stateful.saveState(into: state, prefix: Self.modelStatePrefix)
        }
        if saveOptimizer, let optimizer = runner.optimizer {
            for buffer in optimizer.state {
                state.put(Self.optimizerPrefix + buffer.name, StateTensor(copying: buffer.data, shape: buffer.shape))
            }
            if let stateful = optimizer as? any StatefulOptimizer {
                try stateful.saveState(into: state, prefix: Self.optimizerPrefix)
            }
        }
        let hooks = Self.statefulHooks(of: runner)
        for (hook, prefix) in hooks {
            try hook.saveState(into: state, prefix: prefix)
        }
        let groups = runner.optimizer?.paramGroups ?? []
        let meta = CheckpointMeta(
            progress: progress, pacerVersion: PacerVersion.string,
            optimizer: saveOptimizer ? runner.optimizer.map { optimizer in
                CheckpointMeta.OptimizerMeta(
                    type: optimizer.typeName, stepCount: optimizer.stepCount,
                    lr: groups.map(\.lr), initialLR: groups.map(\.initialLR), momentum: groups.map(\.momentum))
            } : nil,
            config: config, hooks: hooks.map(\.1))
        try AtomicFile.write(SafeTensors.encode(state, metadata: [("format", "pt"), (CheckpointMeta.key, meta.json())]),
                             to: path)
    }

    /// Restores everything `file` holds into `runner`: weights (strictly),
    /// a stateful model's extra state, optimizer state, hook state, counters and the position inside the
    /// epoch. Every block the run needs must be there: optimizer state when
    /// the run has an optimizer, and a saved state for each of its stateful
    /// hooks (files that do not record their hooks are trusted on that
    /// point). The position is checked against the data when `run` starts.
    /// Call before `run`.
    public func resume(_ runner: Runner, from file: CheckpointFile) throws {
        if let optimizer = runner.optimizer, file.meta.optimizer == nil {
            throw CheckpointError.mismatch(
                path: file.path, reason: "it holds no optimizer state (saved with save_optimizer=False) but this run's "
                    + "\(optimizer.typeName) needs it to resume; use load_from to start from its weights")
        }
        let hooks = Self.statefulHooks(of: runner)
        if let saved = file.meta.hooks {
            for (hook, prefix) in hooks where !saved.contains(prefix) {
                throw CheckpointError.mismatch(
                    path: file.path, reason: "it holds no state for hook \(hook.typeName) ('\(prefix)'), which this run "
                        + "has; use load_from to start from its weights")
            }
        }
        try Self.loadWeights(runner.model, from: file, strict: true)
        if let stateful = runner.model as? any StatefulModel {
            try stateful.loadState(from: file.state, prefix: Self.modelStatePrefix)
        }
        if let optimizer = runner.optimizer {
            try restoreOptimizer(optimizer, from: file)
        }
        for (hook, prefix) in hooks {
            try hook.loadState(from: file.state, prefix: prefix)
        }
        let progress = file.meta.progress
        runner.epoch = progress.epoch
        runner.iter = progress.iter
        runner.resumePoint = ResumePoint(innerIter: progress.innerIter, streams: progress.streams, source: file.path)
    }

    /// Copies the model's parameters and buffers from `file` (MMCV's
    /// `load_checkpoint`). Strict: every tensor must be present with its
    /// shape and nothing else may be. Not strict: matching tensors load,
    /// and the report names the missing and unexpected keys.
    @discardableResult
    public static func loadWeights(_ model: any Model, from file: CheckpointFile, strict: Bool) throws -> WeightReport {
        try loadWeights(model, from: file.state, path: file.path, strict: strict)
    }

    /// Copies the model's parameters and buffers from `state`, read from
    /// `path`, as `loadWeights(_:from:strict:)` does from a checkpoint.
    @discardableResult
    public static func loadWeights(_ model: any Model, from state: StateDict, path: String,
                                   strict: Bool) throws -> WeightReport {
        let tensors = model.parameters + model.buffers
        var report = WeightReport()
        for tensor in tensors {
            guard let saved = state.get(tensor.name) else {
                report.missing.append(tensor.name)
                continue
            }
            guard saved.dtype == .float32, saved.shape == tensor.shape else {
                throw CheckpointError.mismatch(
                    path: path, reason: "'\(tensor.name)' has shape \(saved.shape) in the checkpoint, "
                        + "\(tensor.shape) in the model")
            }
            saved.copy(into: tensor.data)
        }
        let known = Set(tensors.map(\.name))
        report.unexpected = state.names.filter {
            !known.contains($0) && !$0.hasPrefix(modelStatePrefix) && !$0.hasPrefix(optimizerPrefix)
                && !$0.hasPrefix(hooksPrefix)
        }
        if strict && !(report.missing.isEmpty && report.unexpected.isEmpty) {
            throw CheckpointError.mismatch(path: path, reason: report.description)
        }
        return report
    }

    private func restoreOptimizer(_ optimizer: any Optimizer, from file: CheckpointFile) throws {
        guard let saved = file.meta.optimizer else { return }
        guard saved.type == optimizer.typeName, saved.lr.count == optimizer.paramGroups.count else {
            throw CheckpointError.mismatch(
                path: file.path, reason: "it holds \(saved.type) state for \(saved.lr.count) parameter group(s), "
                    + "this run has \(optimizer.typeName) with \(optimizer.paramGroups.count)")
        }
        for buffer in optimizer.state {
            let name = Self.optimizerPrefix + buffer.name
            guard let tensor = file.state.get(name), tensor.shape == buffer.shape, tensor.dtype == .float32 else {
                throw CheckpointError.mismatch(path: file.path, reason: "optimizer state '\(name)' is missing or misshapen")
            }
            tensor.copy(into: buffer.data)
        }
        if let stateful = optimizer as? any StatefulOptimizer {
            try stateful.loadState(from: file.state, prefix: Self.optimizerPrefix)
        }
        optimizer.stepCount = saved.stepCount
        for index in optimizer.paramGroups.indices {
            optimizer.paramGroups[index].lr = saved.lr[index]
            optimizer.paramGroups[index].initialLR = saved.initialLR[index]
            optimizer.paramGroups[index].momentum = saved.momentum[index]
        }
    }

    private static let modelStatePrefix = "model_state."
    private static let optimizerPrefix = "optimizer."
    private static let hooksPrefix = "hooks."

    /// The runner's stateful hooks in call order, each with its key prefix:
    /// `hooks.<Type>.` for the first hook of a type, `hooks.<Type>#2.` for
    /// the second, and so on, so two instances never share keys.
    private static func statefulHooks(of runner: Runner) -> [(any StatefulHook, String)] {
        var seen: [String: Int] = [:]
        return runner.hooks.all.compactMap { registered in
            guard let hook = registered.hook as? any StatefulHook else { return nil }
            let count = seen[hook.typeName, default: 0] + 1
            seen[hook.typeName] = count
            return (hook, hooksPrefix + hook.typeName + (count == 1 ? "" : "#\(count)") + ".")
        }
    }
}

/// What `loadWeights` found that did not line up.
public struct WeightReport: Equatable, CustomStringConvertible {
    /// Model tensors the checkpoint lacks.
    public var missing: [String] = []
    /// Checkpoint tensors the model lacks.
    public var unexpected: [String] = []

    /// MMCV's wording, on one line.
    public var description: String {
        var parts: [String] = []
        if !unexpected.isEmpty { parts.append("unexpected key in source state_dict: " + unexpected.map(\.printable).joined(separator: ", ")) }
        if !missing.isEmpty { parts.append("missing keys in source state_dict: " + missing.joined(separator: ", ")) }
        return parts.isEmpty ? "all keys matched" : parts.joined(separator: "; ")
    }
}
