import Foundation
import Pacer
import PacerConfig

/// Builds the `EvalHook` from `evaluation = dict(interval=1, start=None,
/// by_epoch=True, save_best=None, rule=None, ...)` over `data.val`, as
/// MMCV's train scripts do (`by_epoch` defaults to false under an
/// IterBasedRunner, as mmseg's script sets it). The val loader takes
/// `data.val_dataloader`'s settings over `data`'s (no shuffle by default);
/// its dataset is read at `before_run`.
enum EvalHookBuilder {
    static let options = ["interval", "start", "by_epoch", "save_best", "rule", "greater_keys", "less_keys",
                          "out_dir", "metric", "metric_options"]

    static func build(_ evaluation: ConfigSection, config: Config, registries: Registries,
                      checkpointer: Checkpointer, runner: Runner) throws -> EvalHook {
        try evaluation.requireOnly(options, of: "evaluation")
        let iterBased = runner is IterBasedRunner
        let interval = try evaluation.int("interval", default: 1, where: { $0 > 0 }, "must be a positive integer")
        let start = try evaluation.optionalInt("start")
        if let start, start < 0 { throw BuildError.invalid(evaluation, "start", "must not be negative") }
        let byEpoch = try evaluation.bool("by_epoch", default: !iterBased)
        if byEpoch && iterBased {
            throw BuildError.invalid(evaluation, "by_epoch", "must be false with IterBasedRunner, which has no train epochs")
        }
        let greaterKeys = try strings(evaluation, "greater_keys") ?? EvalRule.defaultGreaterKeys
        let lessKeys = try strings(evaluation, "less_keys") ?? EvalRule.defaultLessKeys
        let saveBest = try evaluation.optionalString("save_best")
        var rule: EvalRule?
        if let name = try evaluation.optionalString("rule") {
            guard let given = EvalRule(rawValue: name) else {
                throw BuildError.invalid(evaluation, "rule", "is '\(name)'; it must be 'greater', 'less' or None")
            }
            rule = given
        }
        if let saveBest, saveBest != "auto", rule == nil {
            rule = EvalRule.infer(for: saveBest, greaterKeys: greaterKeys, lessKeys: lessKeys)
            if rule == nil {
                throw BuildError.invalid(evaluation, "save_best",
                                         "is '\(saveBest)', whose rule cannot be inferred; set rule='greater' or 'less'")
            }
        }
        let metrics = try EvaluationMetrics.read(names: strings(evaluation, "metric"),
                                                 options: evaluation.optionalDict("metric_options"), in: evaluation)
        let outDir = try evaluation.optionalString("out_dir").map { folder in
            // MMCV: a separate out_dir gets the work dir's last component appended.
            folder == runner.workDir ? folder : folder + "/" + URL(fileURLWithPath: runner.workDir).lastPathComponent
        }
        return EvalHook(interval: interval, start: start, byEpoch: byEpoch, saveBest: saveBest, rule: rule,
                        greaterKeys: greaterKeys, lessKeys: lessKeys, metrics: metrics.reported,
                        classification: metrics.classification,
                        outDir: outDir, checkpointer: checkpointer,
                        makeLoader: try loaderFactory(config, registries: registries))
    }

    /// Checks `data.val` now; reads its dataset when called.
    private static func loaderFactory(_ config: Config, registries: Registries) throws
        -> (Runner) throws -> any DataLoader {
        let data = try config.dict("data")
        let val = try data.dict("val")
        let type = try val.typeName()
        guard registries.datasets.origin(of: type) != nil else {
            throw BuildError.invalid(val, "type", "is '\(type)', not a known dataset "
                                     + "(known: \(registries.datasets.names.joined(separator: ", ")))")
        }
        let settings = try DataBuilder.LoaderSettings(data, split: "val")
        let seed = UInt64(bitPattern: Int64(try config.int("seed", default: 0)))
        return { runner in
            let dataset = try DataBuilder.dataset(val, registries: registries, seed: seed, evaluating: true)
            return DataBuilder.loader(dataset, settings, seed: seed,
                                      shard: DataShard(rank: runner.rank, worldSize: runner.worldSize))
        }
    }

    /// A string or a list of strings at `key`, if set.
    private static func strings(_ section: ConfigSection, _ key: String) throws -> [String]? {
        guard let node = section.optionalValue(key) else { return nil }
        if case .string(let one) = node.value { return [one] }
        return try node.list().map { try $0.string() }
    }
}
