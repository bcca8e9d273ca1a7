import Pacer
import PacerConfig

/// Builds the optimizer step hook from `optimizer_config`.
enum OptimizerHookBuilder {
    static func build(_ config: ConfigSection) throws -> OptimizerHook {
        guard let clip = try config.optionalDict("grad_clip") else { return OptimizerHook(gradClip: nil) }
        let maxNorm = try clip.double("max_norm")
        guard maxNorm > 0 else { throw BuildError.invalid(clip, "max_norm", "must be positive") }
        let normType = try clip.double("norm_type", default: 2)
        guard normType > 0 else { throw BuildError.invalid(clip, "norm_type", "must be positive") }
        return OptimizerHook(gradClip: GradClip(maxNorm: maxNorm, normType: normType))
    }
}
