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
        entries["config"] = config
        return ConfigValue.dict(entries).json()
    }

    /// Parses the metadata of the checkpoint at `path`.
    init(json text: String, path: String) throws(CheckpointError) {
        let bad = CheckpointError.corrupt(path: path, reason: "metadata '\(Self.key)' is missing or invalid")
        guard case .dict(let meta)? = try? JSONReader.value(from: Array(text.utf8), file: path),
              case .int(let epoch)? = meta["epoch"], case .int(let iter)? = meta["iter"],
              case .int(let inner)? = meta["inner_iter"], case .list(let streams)? = meta["streams"],
              case .string(let version)? = meta["pacer_version"]
        else { throw bad }
        var positions: [StreamPosition] = []
        for stream in streams {
            guard case .list(let pair) = stream, pair.count == 2, case .int(let e) = pair[0], case .int(let p) = pair[1]
            else { throw bad }
            positions.append(StreamPosition(epoch: e, position: p))
        }
        progress = Progress(epoch: epoch, iter: iter, innerIter: inner, streams: positions)
        pacerVersion = version
        config = meta["config"] ?? .null
        guard case .dict(let saved)? = meta["optimizer"] else {
            optimizer = nil
            return
        }
        func doubles(_ key: String) throws(CheckpointError) -> [Double] {
            guard case .list(let items)? = saved[key] else { throw bad }
            var values: [Double] = []
            for item in items {
                switch item {
                case .double(let value): values.append(value)
                case .int(let value): values.append(Double(value))
                default: throw bad
                }
            }
            return values
        }
        guard case .string(let type)? = saved["type"], case .int(let steps)? = saved["step_count"] else { throw bad }
        optimizer = OptimizerMeta(type: type, stepCount: steps, lr: try doubles("lr"),
                                  initialLR: try doubles("initial_lr"), momentum: try doubles("momentum"))
        guard optimizer!.lr.count == optimizer!.initialLR.count, optimizer!.lr.count == optimizer!.momentum.count
        else { throw bad }
    }

    /// Metadata for a checkpoint written now.
    init(progress: Progress, pacerVersion: String, optimizer: OptimizerMeta?, config: ConfigValue) {
        self.progress = progress
        self.pacerVersion = pacerVersion
        self.optimizer = optimizer
        self.config = config
    }
}
