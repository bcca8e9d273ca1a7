import Foundation
import Pacer
import PacerTrain
import Testing

/// LRUpdaterHook driven by a real EpochBasedRunner and SGD; a recorder at
/// priority 20 (after the updater's 10) reads `currentLR[0]` before every
/// train iteration. Expected values follow mmcv-runner.md §3.1.
@Suite("LRUpdaterHook on EpochBasedRunner")
struct LRUpdaterEpochRunnerTests {
    /// Trains `epochs` epochs of `itersPerEpoch` iterations with `hook`
    /// and returns the lr seen before each iteration.
    private static func run(_ hook: LRUpdaterHook, lr: Double = 0.1, epochs: Int, itersPerEpoch: Int,
                            extra: [(any Hook, Priority)] = []) throws -> LRRecorder {
        let model = TinyModel()
        let runner = EpochBasedRunner(model: model, optimizer: makeSGD(model, lr: lr), workDir: NSTemporaryDirectory(),
                                      timestamp: "t", maxEpochs: epochs)
        let recorder = LRRecorder()
        runner.registerHook(hook, priority: .veryHigh)
        runner.registerHook(recorder, priority: try Priority(20))
        for (other, priority) in extra { runner.registerHook(other, priority: priority) }
        try runner.run([FixedLoader(count: itersPerEpoch)], workflow: [Flow("train", 1)])
        return recorder
    }

    private static func linear(_ r: Double, t: Int, w: Int, ratio: Double) -> Double {
        let k = (1 - Double(t) / Double(w)) * (1 - ratio)
        return r * (1 - k)
    }

    private static func expectRates(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            #expect(isClose(a, e), "iteration \(index): lr \(a), expected \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test func stepByEpochDecaysAtListedEpochs() throws {
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .at([2, 3]), gamma: 0.1),
                                 byEpoch: true, warmup: nil, warmupByEpoch: false)
        let recorder = try Self.run(hook, epochs: 4, itersPerEpoch: 3)
        // Epochs 0, 1: no decay; epoch 2: one; epoch 3: two.
        let perEpoch = [0.1, 0.1, 0.1 * pow(0.1, 1), 0.1 * pow(0.1, 2)]
        Self.expectRates(recorder.lrs, perEpoch.flatMap { Array(repeating: $0, count: 3) })
        #expect(recorder.iters == Array(0..<12))
    }

    @Test func stepByEpochFalseDecaysAtListedIterations() throws {
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .at([4, 7]), gamma: 0.5),
                                 byEpoch: false, warmup: nil, warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.2, epochs: 3, itersPerEpoch: 3)
        let expected = (0..<9).map { t in 0.2 * pow(0.5, Double(t < 4 ? 0 : t < 7 ? 1 : 2)) }
        Self.expectRates(recorder.lrs, expected)
    }

    @Test func schedulesStartFromTheOptimizersInitialLR() throws {
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .every(1), gamma: 0.5),
                                 byEpoch: true, warmup: nil, warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.08, epochs: 3, itersPerEpoch: 1)
        Self.expectRates(recorder.lrs, [0.08, 0.08 * 0.5, 0.08 * 0.25])
    }

    @Test func linearWarmupScalesTheCurrentEpochsRegularRate() throws {
        // 3 epochs of 3 iterations, regular lr 0.1 then 0.05 (epoch 1) then 0.025
        // (epoch 2); warmup over iterations 0..<4, which crosses into epoch 1.
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .at([1, 2]), gamma: 0.5), byEpoch: true,
                                 warmup: Warmup(kind: .linear, iterations: 4, ratio: 0.25), warmupByEpoch: false)
        let recorder = try Self.run(hook, epochs: 3, itersPerEpoch: 3)
        let r = [0.1, 0.1 * pow(0.5, 1), 0.1 * pow(0.5, 2)]
        let expected = [
            Self.linear(r[0], t: 0, w: 4, ratio: 0.25),
            Self.linear(r[0], t: 1, w: 4, ratio: 0.25),
            Self.linear(r[0], t: 2, w: 4, ratio: 0.25),
            Self.linear(r[1], t: 3, w: 4, ratio: 0.25),
            r[1],  // iter == warmup_iters: the regular rate is set
            r[1],
            r[2], r[2], r[2],
        ]
        Self.expectRates(recorder.lrs, expected)
    }

    @Test func afterWarmupByEpochUpdaterLeavesLRAloneUntilTheNextEpoch() throws {
        // A hook changes lr after iteration 4 (the last warmup step); MMCV's
        // updater does nothing at iteration 5 and sets the regular rate again
        // at the next epoch start.
        let hook = LRUpdaterHook(policyName: "Fixed", policy: FixedLR(), byEpoch: true,
                                 warmup: Warmup(kind: .linear, iterations: 4, ratio: 0.25), warmupByEpoch: false)
        let meddler = ClosureHook("Meddler", stages: [.afterTrainIter]) { _, runner in
            if runner.iter == 4 { runner.optimizer!.paramGroups[0].lr = 0.7 }
        }
        let recorder = try Self.run(hook, epochs: 3, itersPerEpoch: 3, extra: [(meddler, .normal)])
        #expect(recorder.lrs[4] == 0.1)
        #expect(recorder.lrs[5] == 0.7)
        #expect(recorder.lrs[6] == 0.1)
    }

    @Test func byEpochWithoutWarmupSetsLROnlyAtEpochStart() throws {
        let hook = LRUpdaterHook(policyName: "Fixed", policy: FixedLR(), byEpoch: true, warmup: nil, warmupByEpoch: false)
        let meddler = ClosureHook("Meddler", stages: [.afterTrainIter]) { _, runner in
            if runner.iter == 0 { runner.optimizer!.paramGroups[0].lr = 0.7 }
        }
        let recorder = try Self.run(hook, epochs: 2, itersPerEpoch: 3, extra: [(meddler, .normal)])
        Self.expectRates(recorder.lrs, [0.1, 0.7, 0.7, 0.1, 0.1, 0.1])
    }

    @Test func warmupByEpochConvertsEpochsToIterationsAtTheFirstTrainEpoch() throws {
        // warmup_iters = 2 epochs = 6 iterations of the 3-iteration loader.
        let hook = LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .at([1]), gamma: 0.5), byEpoch: true,
                                 warmup: Warmup(kind: .exp, iterations: 2, ratio: 0.5), warmupByEpoch: true)
        let recorder = try Self.run(hook, epochs: 3, itersPerEpoch: 3)
        let r = [0.1, 0.1 * pow(0.5, 1), 0.1 * pow(0.5, 1)]
        func exp(_ regular: Double, _ t: Int) -> Double { regular * pow(0.5, 1 - Double(t) / 6) }
        let expected = [exp(r[0], 0), exp(r[0], 1), exp(r[0], 2), exp(r[1], 3), exp(r[1], 4), exp(r[1], 5),
                        r[2], r[2], r[2]]
        Self.expectRates(recorder.lrs, expected)
        #expect(hook.warmup?.iterations == 6)
    }

    @Test func constantWarmupHoldsRatioTimesRegularThenJumps() throws {
        let hook = LRUpdaterHook(policyName: "Fixed", policy: FixedLR(), byEpoch: true,
                                 warmup: Warmup(kind: .constant, iterations: 2, ratio: 0.1), warmupByEpoch: false)
        let recorder = try Self.run(hook, lr: 0.3, epochs: 1, itersPerEpoch: 4)
        Self.expectRates(recorder.lrs, [0.3 * 0.1, 0.3 * 0.1, 0.3, 0.3])
    }

    @Test func everyParamGroupGetsItsOwnScheduledRate() throws {
        let model = TinyModel(names: ["a", "b"], values: [[1], [2]], gradients: [[0.1], [0.1]])
        let sgd = SGD(parameters: model.parameters,
                      groups: [ParamGroup(parameterIndices: [0], lr: 0.1, momentum: 0, weightDecay: 0),
                               ParamGroup(parameterIndices: [1], lr: 0.02, momentum: 0, weightDecay: 0)])
        let runner = EpochBasedRunner(model: model, optimizer: sgd, workDir: NSTemporaryDirectory(),
                                      timestamp: "t", maxEpochs: 2)
        var seen: [[Double]] = []
        runner.registerHook(LRUpdaterHook(policyName: "Step", policy: StepLR(steps: .every(1), gamma: 0.5),
                                          byEpoch: true, warmup: nil, warmupByEpoch: false), priority: .veryHigh)
        runner.registerHook(ClosureHook("Seen", stages: [.beforeTrainIter]) { _, runner in seen.append(runner.currentLR) },
                            priority: try Priority(20))
        try runner.run([FixedLoader(count: 1)], workflow: [Flow("train", 1)])
        #expect(seen.count == 2)
        #expect(seen.first.map { isClose($0[0], 0.1) && isClose($0[1], 0.02) } == true)
        #expect(seen.last.map { isClose($0[0], 0.05) && isClose($0[1], 0.01) } == true)
    }
}
