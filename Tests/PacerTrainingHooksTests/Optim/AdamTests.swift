import Foundation
import Pacer
import PacerConfig
import Testing

/// Adam, AdamW and AMSGrad through a real session: after 25 steps on the
/// TinyModel (gradient `param - 1`), every parameter equals PyTorch's
/// update restated in the test, to float32 precision, with a second group
/// at half the lr.
@Suite("Adam and AdamW")
struct AdamTests {
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let optimizer: ConfigDict
        let lr: Double
        let betas: (Double, Double)
        let eps: Double
        let weightDecay: Double
        let decoupled: Bool
        let amsgrad: Bool
    }

    static let cases = [
        Case(description: "Adam with L2 weight decay", optimizer: ["type": "Adam", "lr": 0.1, "betas": [0.9, 0.99],
                                                                   "weight_decay": 0.01],
             lr: 0.1, betas: (0.9, 0.99), eps: 1e-8, weightDecay: 0.01, decoupled: false, amsgrad: false),
        Case(description: "AdamW with its default weight decay", optimizer: ["type": "AdamW", "lr": 0.05],
             lr: 0.05, betas: (0.9, 0.999), eps: 1e-8, weightDecay: 0.01, decoupled: true, amsgrad: false),
        Case(description: "Adam with AMSGrad", optimizer: ["type": "Adam", "lr": 0.1, "eps": 1e-6, "amsgrad": true],
             lr: 0.1, betas: (0.9, 0.999), eps: 1e-6, weightDecay: 0, decoupled: false, amsgrad: true),
    ]

    /// PyTorch's `_single_tensor_adam` for one parameter value with
    /// gradient `p - 1`, `steps` times.
    static func reference(_ start: Double, lr: Double, _ c: Case, steps: Int) -> Double {
        var p = start, m = 0.0, v = 0.0, vMax = 0.0
        for t in 1...steps {
            var g = Double(Float(p) - 1)
            if c.decoupled { p = p * (1 - lr * c.weightDecay) } else { g = g + c.weightDecay * p }
            m = m + (1 - c.betas.0) * (g - m)
            v = v * c.betas.1 + (1 - c.betas.1) * g * g
            let bias1 = 1 - pow(c.betas.0, Double(t))
            let bias2 = 1 - pow(c.betas.1, Double(t))
            vMax = max(vMax, v)
            let denominator = (c.amsgrad ? vMax : v).squareRoot() / bias2.squareRoot() + c.eps
            p = p - lr / bias1 * m / denominator
        }
        return p
    }

    @Test(arguments: cases)
    func parametersFollowPyTorchsUpdate(_ c: Case) throws {
        let folder = try TestSession.folder()
        var optimizer = c.optimizer
        optimizer["paramwise_cfg"] = ["bias_lr_mult": 0.5]
        let session = try TestSession.run(tinyConfig(.iter, folder: folder, extra: ["optimizer": .dict(optimizer)]),
                                          in: folder)
        let parameters = session.runner.model.parameters
        let weight = Array(UnsafeBufferPointer(start: parameters[0].data, count: 2)).map(Double.init)
        let bias = Double(parameters[1].data[0])
        let expected = [Self.reference(0.5, lr: c.lr, c, steps: 25), Self.reference(-0.5, lr: c.lr, c, steps: 25),
                        Self.reference(0, lr: c.lr * 0.5, c, steps: 25)]
        for (got, want) in zip(weight + [bias], expected) {
            #expect(abs(got - want) <= 1e-5 * max(1, abs(want)), "\(got) vs \(want)")
        }
        #expect(session.runner.optimizer?.stepCount == 25)
    }

    @Test func beta1IsTheGroupsMomentumThatHooksAndPluginsSee() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.run(tinyConfig(.iter, folder: folder, extra: [
            "optimizer": ["type": "Adam", "lr": 0.01, "betas": [0.8, 0.99]],
            "momentum_config": ["policy": "step", "step": 10, "gamma": 0.5],
        ]), in: folder)
        let recorder = try #require(TestSession.recorder(session))
        #expect(recorder.momenta.map { $0[0] } == Array(repeating: 0.8, count: 10) + Array(repeating: 0.4, count: 10)
            + Array(repeating: 0.2, count: 5))
    }

    @Test func stateHoldsTheMomentEstimatesOfEveryParameter() throws {
        let folder = try TestSession.folder()
        let session = try TestSession.build(tinyConfig(.iter, folder: folder, extra: [
            "optimizer": ["type": "Adam", "amsgrad": true],
        ]), in: folder)
        let names = try #require(session.runner.optimizer).state.map(\.name)
        #expect(names == ["exp_avg.fc.weight", "exp_avg.fc.bias", "exp_avg_sq.fc.weight", "exp_avg_sq.fc.bias",
                          "max_exp_avg_sq.fc.weight", "max_exp_avg_sq.fc.bias"])
    }
}
