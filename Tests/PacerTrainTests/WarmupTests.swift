import Foundation
import PacerTrain
import Testing

/// MMCV's warmup formulas (mmcv-runner.md §3.1), t = iter, W = warmup_iters,
/// ρ = warmup_ratio, r = regular lr:
/// constant r*ρ; linear k = (1 - t/W)*(1 - ρ), r*(1 - k); exp k = ρ**(1 - t/W), r*k.
@Suite("Warmup")
struct WarmupTests {
    private static func linear(_ r: Double, t: Int, w: Int, ratio: Double) -> Double {
        let k = (1 - Double(t) / Double(w)) * (1 - ratio)
        return r * (1 - k)
    }

    private static func exp(_ r: Double, t: Int, w: Int, ratio: Double) -> Double {
        let k = pow(ratio, 1 - Double(t) / Double(w))
        return r * k
    }

    @Test func constantWarmupIsRatioTimesRegular() {
        let warmup = Warmup(kind: .constant, iterations: 5, ratio: 0.1)
        for t in 0..<5 {
            #expect(isClose(warmup.lr(regular: 0.02, iter: t), 0.02 * 0.1), "iter \(t)")
        }
    }

    @Test func linearWarmupFollowsMMCVFormula() {
        let warmup = Warmup(kind: .linear, iterations: 7, ratio: 0.3)
        for t in 0..<7 {
            #expect(isClose(warmup.lr(regular: 0.05, iter: t), Self.linear(0.05, t: t, w: 7, ratio: 0.3)), "iter \(t)")
        }
    }

    @Test func linearWarmupStartsAtRatioTimesRegular() {
        let warmup = Warmup(kind: .linear, iterations: 10, ratio: 0.25)
        #expect(isClose(warmup.lr(regular: 0.4, iter: 0), 0.1))
    }

    @Test func linearWarmupGrowsEveryIteration() {
        let warmup = Warmup(kind: .linear, iterations: 4, ratio: 0.1)
        let rates = (0..<4).map { warmup.lr(regular: 1, iter: $0) }
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rates.allSatisfy { $0 < 1 })
    }

    @Test func expWarmupFollowsMMCVFormula() {
        let warmup = Warmup(kind: .exp, iterations: 6, ratio: 0.2)
        for t in 0..<6 {
            #expect(isClose(warmup.lr(regular: 0.1, iter: t), Self.exp(0.1, t: t, w: 6, ratio: 0.2)), "iter \(t)")
        }
    }

    @Test func expWarmupStartsAtRatioTimesRegular() {
        let warmup = Warmup(kind: .exp, iterations: 3, ratio: 0.5)
        #expect(isClose(warmup.lr(regular: 0.1, iter: 0), 0.05))
    }

    @Test func ratioOfOneLeavesTheRegularRate() {
        for kind in [Warmup.Kind.constant, .linear, .exp] {
            let warmup = Warmup(kind: kind, iterations: 4, ratio: 1)
            #expect(isClose(warmup.lr(regular: 0.3, iter: 2), 0.3), "\(kind)")
        }
    }
}
