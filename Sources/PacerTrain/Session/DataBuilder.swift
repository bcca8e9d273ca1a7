import Pacer
import PacerConfig

/// Builds one loader per workflow flow from `data.<mode>` (MMCV's
/// `data.train`, `data.val`), `samples_per_gpu` samples per batch and
/// `workers_per_gpu` background gatherers. Train loaders shuffle from the
/// seed; others keep the dataset's order.
enum DataBuilder {
    /// The options of `data` itself.
    static let options = ["samples_per_gpu", "workers_per_gpu", "train", "val", "test", "val_dataloader"]

    /// Refuses, before anything is read or written, a key `data`, its
    /// `val_dataloader` or any split's dataset type does not accept.
    static func checkKeys(_ config: Config, datasets registry: Registry<ConfigSection, any Dataset>) throws {
        guard let data = try config.optionalDict("data") else { return }
        try data.requireOnly(options, of: "data")
        try data.optionalDict("val_dataloader")?.requireOnly(["samples_per_gpu"], of: "data.val_dataloader")
        for split in ["train", "val", "test"] {
            guard let section = try data.optionalDict(split) else { continue }
            let type = try section.typeName()
            guard let known = registry.options(of: type) else {
                if registry.origin(of: type) == nil {
                    throw BuildError.failed(file: section.file, key: section.keyPath,
                                            underlying: RegistryError.unknown(kind: registry.kind, name: type,
                                                                              known: registry.names))
                }
                continue
            }
            try section.requireOnly(["type"] + known, of: type)
        }
    }

    /// The loaders of `workflow`, for `rank` of `worldSize` processes: train
    /// loaders shard the shuffled order as PyTorch's `DistributedSampler`
    /// (padded), others shard the dataset's order without the padding, so
    /// that evaluation sees every sample exactly once across the ranks.
    static func loaders(_ config: Config, workflow: [Flow], seed: Int,
                        datasets registry: Registry<ConfigSection, any Dataset>,
                        rank: Int = 0, worldSize: Int = 1) throws -> [any DataLoader] {
        let data = try config.dict("data")
        let batchSize = try data.int("samples_per_gpu")
        guard batchSize > 0 else { throw BuildError.invalid(data, "samples_per_gpu", "must be positive") }
        let workers = try data.int("workers_per_gpu", default: 0)
        guard workers >= 0 else { throw BuildError.invalid(data, "workers_per_gpu", "must not be negative") }
        var datasets: [String: any Dataset] = [:]
        return try workflow.map { flow in
            if datasets[flow.mode] == nil {
                let dataset: any Dataset = try data.dict(flow.mode).build(from: registry)
                guard dataset.count >= batchSize else {
                    throw BuildError.invalid(data, "samples_per_gpu", "is \(batchSize) but data.\(flow.mode) holds "
                                             + "\(dataset.count) sample(s); lower it or raise num_samples")
                }
                datasets[flow.mode] = dataset
            }
            let dataset = datasets[flow.mode]!
            let train = flow.mode == "train"
            return SampleLoader(dataset: dataset, batchSize: batchSize,
                                sampler: DistributedSampler(datasetCount: dataset.count, shuffle: train,
                                                            seed: UInt64(bitPattern: Int64(seed)), rank: rank,
                                                            worldSize: worldSize, dropPadding: !train),
                                workers: workers)
        }
    }
}
