import Pacer

/// Which updater a schedule config is for: `lr_config` or
/// `momentum_config`. They share policies and options, with MMCV's
/// differences in names, defaults and the policies each offers.
enum ScheduleTarget {
    /// `lr_config`: MMCV's `<Policy>LrUpdaterHook`.
    case lr
    /// `momentum_config`: MMCV's `<Policy>MomentumUpdaterHook`.
    case momentum

    /// MMCV's policy names, by their lower-case form (Pacer matches names
    /// case-insensitively).
    var policies: [String: String] {
        let names = switch self {
        case .lr:
            ["Fixed", "Step", "Exp", "Poly", "Inv", "CosineAnnealing", "FlatCosineAnnealing",
             "CosineRestart", "Cyclic", "OneCycle", "LinearAnnealing"]
        case .momentum:
            ["Step", "CosineAnnealing", "LinearAnnealing", "Cyclic", "OneCycle"]
        }
        return Dictionary(uniqueKeysWithValues: names.map { ($0.lowercased(), $0) })
    }

    /// What MMCV appends to a policy name to make the hook type:
    /// `LrUpdaterHook` or `MomentumUpdaterHook`.
    var hookSuffix: String { self == .lr ? "LrUpdaterHook" : "MomentumUpdaterHook" }
    /// The config key: `lr_config` or `momentum_config`.
    var configKey: String { self == .lr ? "lr_config" : "momentum_config" }
    /// Where MMCV registers the updater: VERY_HIGH or HIGH.
    var priority: Priority { self == .lr ? .veryHigh : .high }

    /// `min_lr` or `min_momentum`.
    var minKey: String { self == .lr ? "min_lr" : "min_momentum" }
    /// `min_lr_ratio` or `min_momentum_ratio`.
    var minRatioKey: String { minKey + "_ratio" }
    /// MMCV's default `warmup_ratio`: 0.1 for LR, 0.9 for momentum.
    var warmupRatioDefault: Double { self == .lr ? 0.1 : 0.9 }
    /// The options every policy accepts.
    var commonKeys: [String] {
        let keys = ["type", "policy", "by_epoch", "warmup", "warmup_iters", "warmup_ratio"]
        return self == .lr ? keys + ["warmup_by_epoch"] : keys
    }
}
