import Foundation
import Pacer
import PacerTrain
import Testing

/// Gradient clipping by total 2-norm through OptimizerHook on a real
/// EpochBasedRunner. The model's gradients are (3, 4) and (12): norm 13.
@Suite("Gradient clipping")
struct GradClipTests {
    private struct Outcome {
        var gradients: [[Float]]
        var parameters: [[Float]]
        var gradNorm: Double?
    }

    /// One train iteration with `clip`; gradients are read after the optimizer hook.
    private static func step(clip: GradClip?, lr: Double = 0) throws -> Outcome {
        let model = TinyModel(names: ["a", "b"], values: [[1, 1], [1]], gradients: [[3, 4], [12]])
        let runner = EpochBasedRunner(model: model, optimizer: makeSGD(model, lr: lr), workDir: NSTemporaryDirectory(),
                                      timestamp: "t", maxEpochs: 1)
        var outcome = Outcome(gradients: [], parameters: [], gradNorm: nil)
        runner.registerHook(OptimizerHook(gradClip: clip), priority: .aboveNormal)
        runner.registerHook(ClosureHook("Reader", stages: [.afterTrainIter]) { _, runner in
            outcome.gradients = runner.model.parameters.map(gradient(of:))
            outcome.parameters = runner.model.parameters.map(values(of:))
        }, priority: .normal)
        try runner.run([FixedLoader(count: 1)], workflow: [Flow("train", 1)])
        runner.logBuffer.average()
        outcome.gradNorm = runner.logBuffer.outputValue("grad_norm")
        return outcome
    }

    private static func norm(_ gradients: [[Float]]) -> Double {
        gradients.joined().reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    @Test func gradientsOverTheLimitAreScaledToMaxNorm() throws {
        let outcome = try Self.step(clip: GradClip(maxNorm: 6.5, normType: 2))
        #expect(isClose(Self.norm(outcome.gradients), 6.5, relative: 1e-5))
    }

    @Test func clippingKeepsTheGradientsDirection() throws {
        let outcome = try Self.step(clip: GradClip(maxNorm: 1, normType: 2))
        let flat = Array(outcome.gradients.joined())
        try #require(flat.count == 3)
        let scale = Double(flat[0]) / 3
        #expect(isClose(Double(flat[1]), 4 * scale, relative: 1e-6))
        #expect(isClose(Double(flat[2]), 12 * scale, relative: 1e-6))
        #expect(scale > 0 && scale < 1)
    }

    @Test func gradNormIsLoggedBeforeClipping() throws {
        let outcome = try Self.step(clip: GradClip(maxNorm: 6.5, normType: 2))
        let logged = try #require(outcome.gradNorm)
        #expect(isClose(logged, 13, relative: 1e-9))
    }

    @Test func gradientsUnderTheLimitAreUnchanged() throws {
        let outcome = try Self.step(clip: GradClip(maxNorm: 20, normType: 2))
        #expect(outcome.gradients == [[3, 4], [12]])
        #expect(isClose(try #require(outcome.gradNorm), 13, relative: 1e-9))
    }

    @Test func optimizerStepsWithTheClippedGradients() throws {
        let outcome = try Self.step(clip: GradClip(maxNorm: 6.5, normType: 2), lr: 1)
        // p = 1 - lr * clipped gradient.
        #expect(outcome.parameters.count == 2)
        for (values, grads) in zip(outcome.parameters, outcome.gradients) {
            #expect(values == grads.map { Float(1) - Float(1) * $0 })
        }
        #expect(isClose(Double(outcome.parameters[1][0]), 1 - 6.0, relative: 1e-5))
    }

    @Test func withoutClippingNoGradNormIsLogged() throws {
        let outcome = try Self.step(clip: nil, lr: 0.5)
        #expect(outcome.gradNorm == nil)
        #expect(outcome.gradients == [[3, 4], [12]])
        #expect(outcome.parameters == [[Float(1) - Float(0.5) * 3, Float(1) - Float(0.5) * 4], [Float(1) - Float(0.5) * 12]])
    }
}
