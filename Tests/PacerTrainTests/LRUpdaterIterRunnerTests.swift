import Foundation
import Pacer
import PacerTrain
import Testing

/// LRUpdaterHook with by_epoch=false driven by a real IterBasedRunner.
@Suite("LRUpdaterHook on IterBasedRunner")
struct LRUpdaterIterRunnerTests {
    private static func run(_ hook: LRUpdaterHook, lr: Double, maxIters: Int) throws -> LRRecorder {
        let model = TinyModel()
        let runner = IterBasedRunner(model: model, optimizer: makeSGD(model, lr: lr), workDir: NSTemporaryDirectory(),
                                     timestamp: "t", maxIters: maxIters)
        let recorder = LRRecorder()
        runner.registerHook(hook, priority: .veryHigh)
        runner.registerHook(recorder, priority: try Priority(20))
        try runner.run([FixedLoader(count: 3)], workflow: [Flow("train", 1)])
        return recorder
    }

    @Test func stepEveryNIterationsDecaysByIteration() throws {
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .every(3), gamma: 0.1),
                                 byEpoch: false, warmup: nil, warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.1, maxIters: 8)
        #expect(recorder.iters == Array(0..<8))
        #expect(recorder.lrs.count == 8)
        for (t, lr) in recorder.lrs.enumerated() {
            let expected = 0.1 * pow(0.1, Double(t / 3))
            #expect(isClose(lr, expected), "iteration \(t): lr \(lr), expected \(expected)")
        }
    }

    @Test func stepWithMinLRStopsAtTheFloor() throws {
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .every(1), gamma: 0.1, minLR: 1e-3),
                                 byEpoch: false, warmup: nil, warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.1, maxIters: 4)
        let expected = (0..<4).map { max(0.1 * pow(0.1, Double($0)), 1e-3) }
        #expect(recorder.lrs.count == 4)
        for (t, (lr, e)) in zip(recorder.lrs, expected).enumerated() {
            #expect(isClose(lr, e), "iteration \(t): lr \(lr), expected \(e)")
        }
    }

    @Test func warmupByEpochIsNotSilentlyReadAsIterations() throws {
        // warmup_by_epoch with 1 epoch over a 3-batch loader means 3 warmup
        // iterations. The Iter runner never calls before_train_epoch, where
        // the epoch runner converts; MMCV fails an assertion here. Refusing
        // to run is acceptable; warming up for 1 iteration is not.
        let hook = LRUpdaterHook(policyName: "Fixed", policy: FixedLR(), byEpoch: false,
                                 warmup: Warmup(kind: .linear, iterations: 1, ratio: 0.5), warmupByEpoch: true)
        let recorder: LRRecorder
        do {
            recorder = try Self.run(hook, lr: 0.2, maxIters: 4)
        } catch {
            return
        }
        func linear(_ t: Int) -> Double {
            let k = (1 - Double(t) / 3) * (1 - 0.5)
            return 0.2 * (1 - k)
        }
        let expected = [linear(0), linear(1), linear(2), 0.2]
        #expect(recorder.lrs.count == expected.count)
        for (t, (lr, e)) in zip(recorder.lrs, expected).enumerated() {
            #expect(isClose(lr, e), "iteration \(t): lr \(lr), expected \(e)")
        }
    }

    @Test func byIterationWarmupEndsAtWarmupIters() throws {
        // Constant warmup tells the boundary apart: iterations 0 and 1 are
        // warmed (r*ρ); from iteration 2 = warmup_iters the regular rate.
        let hook = LRUpdaterHook(policyName: "Fixed", policy: FixedLR(), byEpoch: false,
                                 warmup: Warmup(kind: .constant, iterations: 2, ratio: 0.1), warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.3, maxIters: 4)
        let expected = [0.3 * 0.1, 0.3 * 0.1, 0.3, 0.3]
        #expect(recorder.lrs.count == expected.count)
        for (t, (lr, e)) in zip(recorder.lrs, expected).enumerated() {
            #expect(isClose(lr, e), "iteration \(t): lr \(lr), expected \(e)")
        }
    }

    @Test func linearWarmupByIterationScalesEachIterationsRegularRate() throws {
        // Regular lr decays at iteration 2; warmup covers iterations 0..<3.
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .at([2]), gamma: 0.5), byEpoch: false,
                                 warmup: Warmup(kind: .linear, iterations: 3, ratio: 0.1), warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.2, maxIters: 5)
        func regular(_ t: Int) -> Double { 0.2 * pow(0.5, t < 2 ? 0 : 1) }
        func linear(_ r: Double, _ t: Int) -> Double {
            let k = (1 - Double(t) / 3) * (1 - 0.1)
            return r * (1 - k)
        }
        let expected = [linear(regular(0), 0), linear(regular(1), 1), linear(regular(2), 2), regular(3), regular(4)]
        #expect(recorder.lrs.count == expected.count)
        for (t, (lr, e)) in zip(recorder.lrs, expected).enumerated() {
            #expect(isClose(lr, e), "iteration \(t): lr \(lr), expected \(e)")
        }
    }
}
