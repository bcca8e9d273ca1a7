import Pacer
import PacerConfig

/// Where a checkpoint was taken: the counters and position a resumed run
/// continues from.
public struct Progress: Equatable, Sendable {
    /// Finished train epochs.
    public var epoch: Int
    /// Finished train iterations.
    public var iter: Int
    /// EpochBasedRunner: next train batch within the epoch (0 at a boundary).
    public var innerIter: Int
    /// IterBasedRunner: each flow's stream position.
    public var streams: [StreamPosition]

    /// Progress at the given counters and position.
    public init(epoch: Int, iter: Int, innerIter: Int = 0, streams: [StreamPosition] = []) {
        self.epoch = epoch
        self.iter = iter
        self.innerIter = innerIter
        self.streams = streams
    }
}

/// The JSON stored under the checkpoint's `pacer.meta` metadata key.
public struct CheckpointMeta: Equatable, Sendable {
    /// The metadata key.
    static let key = "pacer.meta"

    /// The optimizer's scalar state.
    public struct OptimizerMeta: Equatable, Sendable {
        /// Its registry name.
        public var type: String
        /// Steps taken.
        public var stepCount: Int
        /// Per group: the learning rate when saved.
        public var lr: [Double]
        /// Per group: the rate schedules start from (MMCV's `initial_lr`).
        public var initialLR: [Double]
        /// Per group: the momentum (or Adam's beta1) when saved.
        public var momentum: [Double]
    }

    /// Where training was.
    public var progress: Progress
    /// The Pacer that wrote the file.
    public var pacerVersion: String
    /// Present when optimizer state was saved.
    public var optimizer: OptimizerMeta?
    /// The merged config of the run.
    public var config: ConfigValue
    /// The key prefix of every stateful hook of the run that wrote it
    /// (`hooks.EMAHook.`, ...), whether or not it had state to save; nil
    /// in files written before Pacer recorded them.
    public var hooks: [String]?

    /// The largest counter a checkpoint may hold (2^53, exact as a double).
    static let counterLimit = 1 << 53

    /// The metadata as JSON text.
    func json() -> String {
        var entries: ConfigDict = [
            "epoch": .int(progress.epoch),
            "iter": .int(progress.iter),
            "inner_iter": .int(progress.innerIter),
            "streams": .list(progress.streams.map { .list([.int($0.epoch), .int($0.position)]) }),
            "pacer_version": .string(pacerVersion),
        ]
        if let optimizer {
            entries["optimizer"] = [
                "type": .string(optimizer.type),
                "step_count": .int(optimizer.stepCount),
                "lr": .list(optimizer.lr.map(ConfigValue.double)),
                "initial_lr": .list(optimizer.initialLR.map(ConfigValue.double)),
                "momentum": .list(optimizer.momentum.map(ConfigValue.double)),
            ]
        }
        if let hooks { entries["hooks"] = .list(hooks.map(ConfigValue.string)) }
        entries["config"] = config
        return ConfigValue.dict(entries).json()
    }

    /// Parses the metadata of the checkpoint at `path`: every counter and
    /// stream position must be a whole number in 0...2^53, every rate a
    /// finite number, one per parameter group.
    init(json text: String, path: String) throws(CheckpointError) {
        func bad(_ what: String) -> CheckpointError {
            .corrupt(path: path, reason: "metadata '\(Self.key)': \(what)")
        }
        guard case .dict(let meta)? = try? JSONReader.value(from: Array(text.utf8), file: path) else {
            throw bad("not a JSON object")
        }
        func counter(_ value: ConfigValue?, _ name: String) throws(CheckpointError) -> Int {
            guard case .int(let number)? = value else { throw bad("'\(name)' is missing or not a whole number") }
            guard (0...Self.counterLimit).contains(number) else { throw bad("'\(name)' is \(number), outside 0...2^53") }
            return number
        }
        let epoch = try counter(meta["epoch"], "epoch")
        let iter = try counter(meta["iter"], "iter")
        let inner = try counter(meta["inner_iter"], "inner_iter")
        guard inner <= iter else { throw bad("'inner_iter' \(inner) exceeds 'iter' \(iter)") }
        guard case .list(let streams)? = meta["streams"] else { throw bad("'streams' is missing or not a list") }
        guard case .string(let version)? = meta["pacer_version"] else { throw bad("'pacer_version' is missing") }
        var positions: [StreamPosition] = []
        for stream in streams {
            guard case .list(let pair) = stream, pair.count == 2 else { throw bad("a stream position is not a pair") }
            positions.append(StreamPosition(epoch: try counter(pair[0], "streams"), position: try counter(pair[1], "streams")))
        }
        progress = Progress(epoch: epoch, iter: iter, innerIter: inner, streams: positions)
        pacerVersion = version
        config = meta["config"] ?? .null
        switch meta["hooks"] {
        case nil: hooks = nil
        case .list(let items)?:
            var prefixes: [String] = []
            for item in items {
                guard case .string(let prefix) = item else { throw bad("'hooks' holds a non-string") }
                prefixes.append(prefix)
            }
            hooks = prefixes
        default: throw bad("'hooks' is not a list")
        }
        guard let saved = meta["optimizer"] else {
            optimizer = nil
            return
        }
        guard case .dict(let fields) = saved else { throw bad("'optimizer' is not an object") }
        func rates(_ key: String) throws(CheckpointError) -> [Double] {
            guard case .list(let items)? = fields[key] else { throw bad("'optimizer.\(key)' is missing") }
            var values: [Double] = []
            for item in items {
                switch item {
                case .double(let value) where value.isFinite: values.append(value)
                case .int(let value): values.append(Double(value))
                default: throw bad("'optimizer.\(key)' holds a value that is not a finite number")
                }
            }
            return values
        }
        guard case .string(let type)? = fields["type"] else { throw bad("'optimizer.type' is missing") }
        let state = OptimizerMeta(type: type, stepCount: try counter(fields["step_count"], "optimizer.step_count"),
                                  lr: try rates("lr"), initialLR: try rates("initial_lr"), momentum: try rates("momentum"))
        guard state.lr.count == state.initialLR.count, state.lr.count == state.momentum.count else {
            throw bad("'optimizer' lists lr, initial_lr and momentum for different numbers of groups")
        }
        optimizer = state
    }

    /// Metadata for a checkpoint written now.
    init(progress: Progress, pacerVersion: String, optimizer: OptimizerMeta?, config: ConfigValue, hooks: [String]) {
        self.progress = progress
        self.pacerVersion = pacerVersion
        self.optimizer = optimizer
        self.config = config
        self.hooks = hooks
    }
}
