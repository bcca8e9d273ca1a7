import Foundation
import PacerTrain
import Testing

/// MMCV's `fixed` and `step` policies (mmcv-runner.md §3.1):
/// int step: e = p // step; list: e = index of the first s with p < s, or
/// len(step); lr = b * gamma**e, then max(lr, min_lr) when min_lr is set.
@Suite("LR policies")
struct LRPolicyTests {
    @Test func fixedPolicyReturnsTheBaseRateAtEveryPoint() {
        let policy = FixedLR()
        for progress in [0, 1, 5, 99] {
            #expect(policy.lr(base: 0.037, progress: progress, total: 100) == 0.037)
        }
    }

    @Test func stepEveryNDecaysOncePerNUnits() {
        let policy = StepLR(steps: .every(3), gamma: 0.5)
        let expected: [Double] = [0.1, 0.1, 0.1, 0.1 * 0.5, 0.1 * 0.5, 0.1 * 0.5, 0.1 * 0.25, 0.1 * 0.25, 0.1 * 0.25]
        for (progress, lr) in expected.enumerated() {
            #expect(isClose(policy.lr(base: 0.1, progress: progress, total: 9), lr), "progress \(progress)")
        }
    }

    @Test func stepListDecaysAtEachListedPoint() {
        let policy = StepLR(steps: .at([2, 5]), gamma: 0.1)
        // Decay counts by MMCV's rule: p < 2 -> 0, 2 <= p < 5 -> 1, p >= 5 -> 2.
        let decays = [0, 0, 1, 1, 1, 2, 2, 2]
        for (progress, e) in decays.enumerated() {
            let expected = 0.2 * pow(0.1, Double(e))
            #expect(isClose(policy.lr(base: 0.2, progress: progress, total: 8), expected), "progress \(progress)")
        }
    }

    @Test func stepAtAListedPointAlreadyUsesTheDecayedRate() {
        let policy = StepLR(steps: .at([3]), gamma: 0.1)
        #expect(policy.lr(base: 1, progress: 2, total: 10) == 1)
        #expect(isClose(policy.lr(base: 1, progress: 3, total: 10), 0.1))
    }

    @Test func stepDefaultGammaIsOneTenth() {
        let policy = StepLR(steps: .every(1))
        #expect(isClose(policy.lr(base: 0.5, progress: 2, total: 4), 0.5 * 0.1 * 0.1))
    }

    @Test func stepMinLRFloorsTheDecayedRate() {
        let policy = StepLR(steps: .every(1), gamma: 0.1, minLR: 1e-3)
        #expect(isClose(policy.lr(base: 0.1, progress: 1, total: 5), 0.1 * 0.1))
        #expect(policy.lr(base: 0.1, progress: 2, total: 5) == max(0.1 * pow(0.1, 2), 1e-3))
        #expect(policy.lr(base: 0.1, progress: 3, total: 5) == 1e-3)
        #expect(policy.lr(base: 0.1, progress: 4, total: 5) == 1e-3)
    }

    @Test func stepWithoutMinLRKeepsDecayingBelowAnyFloor() {
        let policy = StepLR(steps: .every(1), gamma: 0.1)
        #expect(isClose(policy.lr(base: 0.1, progress: 4, total: 5), 0.1 * pow(0.1, 4)))
    }
}
