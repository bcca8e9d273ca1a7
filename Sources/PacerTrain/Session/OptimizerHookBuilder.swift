import Pacer
import PacerConfig

/// Builds MMCV's two optimizer step hooks, which `optimizer_config` names
/// (`register_optimizer_hook`; `OptimizerHook` when it names none):
/// `OptimizerHook` and `GradientCumulativeOptimizerHook` with
/// `cumulative_iters`, each with optional `grad_clip = dict(max_norm=..., norm_type=2)`.
enum OptimizerHookBuilder {
    /// The options both optimizer hooks accept.
    static let options = ["grad_clip", "detect_anomalous_params"]

    /// `OptimizerHook`.
    static func optimizerHook(_ config: ConfigSection) throws -> OptimizerHook {
        try refuseAnomalyDetection(config)
        return OptimizerHook(gradClip: try gradClip(config))
    }

    /// `GradientCumulativeOptimizerHook`.
    static func cumulative(_ config: ConfigSection) throws -> GradientCumulativeOptimizerHook {
        try refuseAnomalyDetection(config)
        let iters = try config.int("cumulative_iters", default: 1, where: { $0 > 0 }, "must be a positive integer")
        return GradientCumulativeOptimizerHook(cumulativeIters: iters, gradClip: try gradClip(config))
    }

    private static func refuseAnomalyDetection(_ config: ConfigSection) throws {
        if try config.bool("detect_anomalous_params", default: false) {
            throw BuildError.invalid(config, "detect_anomalous_params",
                                     "is not supported: the model plugin computes its own gradients")
        }
    }

    private static func gradClip(_ config: ConfigSection) throws -> GradClip? {
        guard let clip = try config.optionalDict("grad_clip") else { return nil }
        try clip.requireOnly(["max_norm", "norm_type"], of: "grad_clip")
        let maxNorm = try clip.double("max_norm")
        guard maxNorm > 0 else { throw BuildError.invalid(clip, "max_norm", "must be positive") }
        let normType: Double
        if let node = clip.optionalValue("norm_type"), case .string(let name) = node.value {
            guard name.lowercased() == "inf" else { throw BuildError.invalid(node, "must be a positive number or 'inf'") }
            normType = .infinity
        } else {
            normType = try clip.double("norm_type", default: 2, where: { $0 > 0 }, "must be a positive number or 'inf'")
        }
        return GradClip(maxNorm: maxNorm, normType: normType)
    }
}
