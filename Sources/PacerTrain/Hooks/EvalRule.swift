/// Whether a metric is better when greater or when less, and MMCV's way of
/// inferring it from the metric's name (`EvalHook._init_rule`).
public enum EvalRule: String, Sendable, Equatable {
    /// Higher is better (accuracy).
    case greater
    /// Lower is better (loss).
    case less

    /// MMCV's default keys inferred as `greater`.
    public static let defaultGreaterKeys = ["acc", "top", "AR@", "auc", "precision", "mAP", "mDice", "mIoU",
                                            "mAcc", "aAcc"]
    /// MMCV's default keys inferred as `less`.
    public static let defaultLessKeys = ["loss"]

    /// MMCV's inference, case-insensitively: an exact greater key, an exact
    /// less key, a greater key inside the name, a less key inside the name
    /// (so `loss_top` is greater, as in MMCV); nil when nothing matches.
    public static func infer(for key: String, greaterKeys: [String] = defaultGreaterKeys,
                             lessKeys: [String] = defaultLessKeys) -> EvalRule? {
        let name = key.lowercased()
        let greater = greaterKeys.map { $0.lowercased() }
        let less = lessKeys.map { $0.lowercased() }
        if greater.contains(name) { return .greater }
        if less.contains(name) { return .less }
        if greater.contains(where: { name.contains($0) }) { return .greater }
        if less.contains(where: { name.contains($0) }) { return .less }
        return nil
    }

    /// Whether `score` beats `best` by more than `minDelta` (strictly).
    public func improves(_ score: Double, over best: Double, minDelta: Double = 0) -> Bool {
        switch self {
        case .greater: return score > best + minDelta
        case .less: return score < best - minDelta
        }
    }
}
