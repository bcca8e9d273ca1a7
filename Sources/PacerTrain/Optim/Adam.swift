import Foundation
import Pacer

/// Adam and AdamW with PyTorch's semantics: moment estimates with bias
/// correction, optional AMSGrad, and weight decay either added to the
/// gradient (Adam, L2) or applied to the weights directly (AdamW,
/// decoupled). Each group's `momentum` is its beta1, so momentum hooks and
/// plugins see and set beta1 as MMCV's `betas[0]`.
public final class Adam: Optimizer {
    /// How weight decay enters the update.
    public enum Decay: Sendable {
        /// Adam: `grad + weight_decay * param`.
        case l2
        /// AdamW: `param * (1 - lr * weight_decay)` before the update.
        case decoupled
    }

    /// "Adam" or "AdamW".
    public let typeName: String
    /// The groups; `momentum` is beta1. Hooks change `lr` and `momentum`.
    public var paramGroups: [ParamGroup]
    /// The decay rate of the second moment estimate.
    public let beta2: Double
    /// Added to the denominator for stability.
    public let eps: Double
    /// Whether to use the maximum of past second moments (AMSGrad).
    public let amsgrad: Bool
    /// How weight decay is applied.
    public let decay: Decay
    /// Steps taken; the bias corrections count them.
    public var stepCount = 0
    private let parameters: [Parameter]
    private let expAvg: [UnsafeMutablePointer<Float>]
    private let expAvgSq: [UnsafeMutablePointer<Float>]
    private let maxExpAvgSq: [UnsafeMutablePointer<Float>]

    /// An optimizer over `parameters` in one or more groups.
    public init(parameters: [Parameter], groups: [ParamGroup], beta2: Double = 0.999, eps: Double = 1e-8,
                amsgrad: Bool = false, decay: Decay = .l2) {
        self.parameters = parameters
        paramGroups = groups
        self.beta2 = beta2
        self.eps = eps
        self.amsgrad = amsgrad
        self.decay = decay
        typeName = decay == .l2 ? "Adam" : "AdamW"
        expAvg = parameters.map(Self.zeros)
        expAvgSq = parameters.map(Self.zeros)
        maxExpAvgSq = amsgrad ? parameters.map(Self.zeros) : []
    }

    /// One update of every parameter of every group.
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        for group in paramGroups {
            let beta1 = group.momentum
            let biasCorrection1 = 1 - pow(beta1, t)
            let biasCorrection2 = 1 - pow(beta2, t)
            let moments = Moments(beta1: Float(beta1), beta2: Float(beta2), eps: Float(eps),
                                  stepSize: Float(group.lr / biasCorrection1),
                                  biasCorrection2Sqrt: Float(biasCorrection2.squareRoot()))
            let weightDecay = Float(group.weightDecay)
            let shrink = Float(1 - group.lr * group.weightDecay)
            for index in group.parameterIndices {
                update(index, moments, weightDecay: decay == .l2 ? weightDecay : 0,
                       shrink: decay == .decoupled ? shrink : 1)
            }
        }
    }

    /// One group's scalars for a step.
    private struct Moments {
        let beta1: Float, beta2: Float, eps: Float, stepSize: Float, biasCorrection2Sqrt: Float
    }

    private func update(_ index: Int, _ m: Moments, weightDecay: Float, shrink: Float) {
        let parameter = parameters[index]
        guard let grad = parameter.grad else { return }
        let data = parameter.data
        let first = expAvg[index]
        let second = expAvgSq[index]
        let peak = amsgrad ? maxExpAvgSq[index] : second
        for i in 0..<parameter.count {
            let g = grad[i] + weightDecay * data[i]
            let p = data[i] * shrink
            first[i] += (1 - m.beta1) * (g - first[i])  // torch's lerp_
            second[i] = second[i] * m.beta2 + (1 - m.beta2) * g * g
            if amsgrad { peak[i] = max(peak[i], second[i]) }
            let denominator = peak[i].squareRoot() / m.biasCorrection2Sqrt + m.eps
            data[i] = p - m.stepSize * first[i] / denominator
        }
    }

    /// The moment estimates, named `exp_avg.<parameter>`,
    /// `exp_avg_sq.<parameter>` and, with AMSGrad, `max_exp_avg_sq.<parameter>`.
    public var state: [Parameter] {
        func views(_ prefix: String, _ buffers: [UnsafeMutablePointer<Float>]) -> [Parameter] {
            zip(parameters, buffers).map { parameter, buffer in
                Parameter(name: prefix + parameter.name, shape: parameter.shape, data: buffer, grad: nil)
            }
        }
        return views("exp_avg.", expAvg) + views("exp_avg_sq.", expAvgSq) + views("max_exp_avg_sq.", maxExpAvgSq)
    }

    private static func zeros(_ parameter: Parameter) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(parameter.count, 1))
        buffer.initialize(repeating: 0, count: max(parameter.count, 1))
        return buffer
    }

    deinit {
        for buffer in expAvg + expAvgSq + maxExpAvgSq { buffer.deallocate() }
    }
}
