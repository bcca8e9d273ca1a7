import Pacer
import PacerConfig

/// Builds the datasets and loaders of `data` as mmcls 0.x's train script
/// does: `data.<split>` names a dataset type (where the samples come from)
/// and optionally a `pipeline` of transforms; `samples_per_gpu`,
/// `workers_per_gpu`, `shuffle` and `drop_last` in `data` apply to every
/// loader, and `data.<split>_dataloader` overrides them for one split
/// (train loaders shuffle by default, others do not).
///
/// A split without `pipeline` whose source gathers batches itself (MNIST,
/// FashionMNIST, NumpyDataset, CSVDataset) keeps Pacer's fast path, pixels
/// scaled to [0, 1]; with a pipeline, samples go through it as in mmcls.
enum DataBuilder {
    /// The options of `data` itself.
    static let options = ["samples_per_gpu", "workers_per_gpu", "shuffle", "drop_last", "train", "val", "test",
                          "train_dataloader", "val_dataloader", "test_dataloader"]
    /// The options of `data.<split>_dataloader` and the loader options of `data`.
    static let loaderOptions = ["samples_per_gpu", "workers_per_gpu", "shuffle", "drop_last"]
    /// The keys every dataset type accepts besides its own.
    static let datasetKeys = ["type", "pipeline"]
    /// Keys Pacer's FashionMNIST once took, and what mmcls writes instead.
    static let renamedKeys = [("data_root", "data_prefix='<folder>' instead"),
                              ("split", "test_mode=True for the test files ('train' is the default)")]

    /// Refuses a key of an MNIST or FashionMNIST `section` that was
    /// renamed, saying the new spelling.
    static func refuseRenamedKeys(_ section: ConfigSection) throws {
        guard try ["MNIST", "FashionMNIST"].contains(section.typeName()) else { return }
        for (old, new) in renamedKeys where section.entries[old] != nil {
            throw BuildError.invalid(section, old, "is Pacer's old spelling: as in mmcls, write \(new)")
        }
    }

    /// Refuses, before anything is read or written, a key `data`, its
    /// loader dicts, any split's dataset type or any transform of a
    /// pipeline does not accept.
    static func checkKeys(_ config: Config, registries: Registries) throws {
        guard let data = try config.optionalDict("data") else { return }
        try data.requireOnly(options, of: "data")
        for split in ["train", "val", "test"] {
            try data.optionalDict(split + "_dataloader")?.requireOnly(loaderOptions, of: "data.\(split)_dataloader")
            guard let section = try data.optionalDict(split) else { continue }
            try refuseRenamedKeys(section)
            let type = try section.typeName()
            guard let known = registries.datasets.options(of: type) else {
                if registries.datasets.origin(of: type) == nil {
                    throw BuildError.failed(file: section.file, key: section.keyPath,
                                            underlying: RegistryError.unknown(kind: "dataset", name: type,
                                                                              known: registries.datasets.names))
                }
                continue
            }
            try section.requireOnly(datasetKeys + known, of: type)
            _ = try pipeline(section, registries: registries)
        }
    }

    /// The pipeline of a split's section (empty without `pipeline`).
    static func pipeline(_ section: ConfigSection, registries: Registries) throws -> Pipeline {
        let stages = try (section.optionalList("pipeline") ?? []).map { node in
            let step = try node.dict()
            return Pipeline.Stage(transform: try step.build(from: registries.transforms),
                                  origin: "\(step.file): \(step.keyPath) (\(try step.typeName()))")
        }
        return Pipeline(stages: stages)
    }

    /// The dataset `section` describes: its source, run through its
    /// pipeline, or the source's own gather when it has no pipeline and
    /// gathers itself. Random transforms draw from `seed`.
    ///
    /// When `evaluating` (the evaluation hook's and `pacer test`'s split),
    /// `test_mode` defaults to True for the types that take it, as mmcls
    /// builds those datasets with `default_args=dict(test_mode=True)`.
    static func dataset(_ section: ConfigSection, registries: Registries, seed: UInt64,
                        evaluating: Bool = false) throws -> any Dataset {
        try refuseRenamedKeys(section)
        var section = section
        if evaluating, section.entries["test_mode"] == nil,
           registries.datasets.options(of: try section.typeName())?.contains("test_mode") == true {
            var entries = section.entries
            entries["test_mode"] = .bool(true)
            section = ConfigSection(file: section.file, keyPath: section.keyPath, entries: entries)
        }
        let source = try section.build(from: registries.datasets, extraKeys: ["pipeline"]) { $0 }
        if section.optionalValue("pipeline") == nil, let direct = source as? any Dataset { return direct }
        let pipeline = try pipeline(section, registries: registries)
        return try PipelineDataset(source: source, pipeline: pipeline, seed: seed,
                                   origin: "\(section.file): \(section.keyPath)")
    }

    /// How one split's loader batches: `data`'s loader options under the
    /// split's own `<split>_dataloader` dict.
    struct LoaderSettings {
        let batchSize: Int
        let workers: Int
        let shuffle: Bool
        let dropLast: Bool
        /// Whether shards are padded to equal length (training, as PyTorch's
        /// `DistributedSampler`) or not (evaluation: every sample is seen
        /// exactly once across the ranks).
        let padsShards: Bool

        init(_ data: ConfigSection, split: String) throws {
            let own = try data.optionalDict(split + "_dataloader")
            func setting<T>(_ read: (ConfigSection) throws -> T?) rethrows -> T? {
                try own.flatMap(read) ?? read(data)
            }
            batchSize = try setting { try $0.optionalInt("samples_per_gpu") } ?? data.int("samples_per_gpu")
            guard batchSize > 0 else { throw BuildError.invalid(own ?? data, "samples_per_gpu", "must be positive") }
            workers = try setting { try $0.optionalInt("workers_per_gpu") } ?? 0
            guard workers >= 0 else { throw BuildError.invalid(own ?? data, "workers_per_gpu", "must not be negative") }
            shuffle = try setting { try $0.optionalBool("shuffle") } ?? (split == "train")
            dropLast = try setting { try $0.optionalBool("drop_last") } ?? false
            padsShards = split == "train"
        }
    }

    /// The loader of `dataset` for `split`, over this process's shard: the
    /// one place a rank and a world size enter data building.
    static func loader(_ dataset: any Dataset, _ settings: LoaderSettings, seed: UInt64,
                       shard: DataShard) -> SampleLoader {
        let sampler = DistributedSampler(datasetCount: dataset.count, shuffle: settings.shuffle, seed: seed,
                                         rank: shard.rank, worldSize: shard.worldSize,
                                         dropPadding: !settings.padsShards)
        return SampleLoader(dataset: dataset, batchSize: settings.batchSize, sampler: sampler,
                            workers: settings.workers, dropLast: settings.dropLast)
    }

    /// One loader per workflow flow, each split's dataset read once.
    static func loaders(_ config: Config, workflow: [Flow], seed: Int, registries: Registries,
                        shard: DataShard = .single, evaluating: Bool = false) throws -> [any DataLoader] {
        let data = try config.dict("data")
        let seed = UInt64(bitPattern: Int64(seed))
        var datasets: [String: any Dataset] = [:]
        return try workflow.map { flow in
            let settings = try LoaderSettings(data, split: flow.mode)
            let dataset = try datasets[flow.mode] ?? dataset(data.dict(flow.mode), registries: registries, seed: seed,
                                                                  evaluating: evaluating)
            let perShard = (dataset.count + shard.worldSize - 1) / shard.worldSize
            guard perShard >= settings.batchSize else {
                throw BuildError.invalid(data, "samples_per_gpu", "is \(settings.batchSize) but data.\(flow.mode) holds "
                                         + "\(dataset.count) sample(s); lower it or raise num_samples")
            }
            datasets[flow.mode] = dataset
            return loader(dataset, settings, seed: seed, shard: shard)
        }
    }
}

/// This process's part of a run's data: rank `rank` of `worldSize`
/// (PyTorch's `DistributedSampler` arguments). A single-process run is
/// rank 0 of 1; a distributed runner passes its own.
struct DataShard {
    /// This process, in `0..<worldSize`.
    var rank: Int
    /// The processes sharing the data.
    var worldSize: Int

    /// The whole data in one process.
    static let single = DataShard(rank: 0, worldSize: 1)
}
