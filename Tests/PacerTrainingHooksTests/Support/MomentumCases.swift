import Foundation
import PacerConfig

/// The momentum policies, MMCV's formulas in Python's order.
enum MomentumCases {
    static let all: [PolicyCase] = [
        PolicyCase(description: "step every 2 with min_momentum",
                   options: { _ in ["policy": "step", "step": 2, "gamma": 0.5, "min_momentum": 0.3] },
                   value: { s, base, _ in max(base * pow(0.5, Double(s.progress / 2)), 0.3) }),
        PolicyCase(description: "CosineAnnealing min_momentum_ratio",
                   options: { _ in ["policy": "CosineAnnealing", "min_momentum_ratio": 0.5] },
                   value: { s, base, _ in
                       MMCV.annealingCos(base, base * 0.5, Double(s.progress) / Double(s.maxProgress))
                   }),
        PolicyCase(description: "linearannealing min_momentum",
                   options: { _ in ["policy": "linearannealing", "min_momentum": 0.5] },
                   value: { s, base, _ in MMCV.annealingLinear(base, 0.5, Double(s.progress) / Double(s.maxProgress)) }),
        PolicyCase(description: "cyclic, 2 cycles, gamma 0.9",
                   options: { _ in ["policy": "cyclic", "cyclic_times": 2, "gamma": 0.9] },
                   iterationsOnly: true,
                   value: { s, base, _ in
                       LRCases.cyclic(s, base, ratio: (0.85 / 0.95, 1), times: 2, up: 0.4, gamma: 0.9, cos: true)
                   }),
        PolicyCase(description: "OneCycle three-phase, base_momentum per group",
                   options: { _ in
                       ["policy": "OneCycle", "base_momentum": [0.8, 0.85], "max_momentum": 0.95, "pct_start": 0.4,
                        "three_phase": true]
                   },
                   iterationsOnly: true, bases: { $0.map { _ in 0.95 } },
                   value: { s, base, group in oneCycle(s, high: base, low: [0.8, 0.85][group], pct: 0.4) }),
    ]

    /// `OneCycleMomentumUpdaterHook.get_momentum`, three phases over
    /// `runner.max_iters`, the last phase taking every later iteration.
    static func oneCycle(_ s: MMCV.State, high: Double, low: Double, pct: Double) -> Double {
        let m = Double(s.maxIters)
        let phases: [(Double, Double, Double)] = [(pct * m - 1, high, low), (2 * pct * m - 2, low, high), (m - 1, high, high)]
        var startIter = 0.0
        for (i, (endIter, start, end)) in phases.enumerated() {
            if Double(s.iter) <= endIter || i == phases.count - 1 {
                let pct = (Double(s.iter) - startIter) / (endIter - startIter)
                return MMCV.annealingCos(start, end, pct)
            }
            startIter = endIter
        }
        fatalError("unreachable")
    }
}

/// A warmup to run a policy with.
struct WarmupCase: Sendable, CustomStringConvertible {
    let description: String
    let kind: String?
    let iters: Int
    let ratio: Double
    var byEpoch = false

    /// The `warmup*` options.
    var options: ConfigDict {
        guard let kind else { return [:] }
        var options: ConfigDict = ["warmup": .string(kind), "warmup_iters": .int(iters), "warmup_ratio": .double(ratio)]
        if byEpoch { options["warmup_by_epoch"] = true }
        return options
    }

    /// The test's restatement.
    var reference: MMCV.Warmup? {
        kind.map { MMCV.Warmup(kind: $0, iters: iters, ratio: ratio, byEpoch: byEpoch) }
    }

    static let none = WarmupCase(description: "no warmup", kind: nil, iters: 0, ratio: 0)
    /// LR warmups over 7 iterations (across the first epoch boundary).
    static let lr = [none, WarmupCase(description: "constant warmup", kind: "constant", iters: 7, ratio: 0.25),
                     WarmupCase(description: "linear warmup", kind: "linear", iters: 7, ratio: 0.1),
                     WarmupCase(description: "exp warmup", kind: "exp", iters: 7, ratio: 0.2)]
    /// Momentum warmups over 7 iterations.
    static let momentum = [none, WarmupCase(description: "constant warmup", kind: "constant", iters: 7, ratio: 0.9),
                           WarmupCase(description: "linear warmup", kind: "linear", iters: 7, ratio: 0.8),
                           WarmupCase(description: "exp warmup", kind: "exp", iters: 7, ratio: 0.5)]
    /// Warmup over 2 epochs (10 iterations), LR only.
    static let byEpochLinear = WarmupCase(description: "linear warmup by epoch", kind: "linear", iters: 2,
                                          ratio: 0.1, byEpoch: true)
}

/// One run of a policy: which runner, whether progress counts epochs, and the warmup.
struct ScheduleRun: Sendable, CustomStringConvertible {
    let policy: PolicyCase
    let runner: RunnerKind
    let byEpoch: Bool
    let warmup: WarmupCase

    var description: String {
        "\(policy), \(runner == .epoch ? "EpochBasedRunner" : "IterBasedRunner"), by_epoch=\(byEpoch), \(warmup)"
    }

    /// Every allowed (runner, by_epoch) of every policy with every warmup,
    /// plus warmup by epoch (under IterBasedRunner, where MMCV fails an
    /// assertion, Pacer counts passes over the train loader).
    static func all(_ policies: [PolicyCase], warmups: [WarmupCase], byEpochWarmup: WarmupCase?) -> [ScheduleRun] {
        var runs: [ScheduleRun] = []
        for policy in policies {
            var modes: [(RunnerKind, Bool)] = [(.epoch, false), (.iter, false)]
            if !policy.iterationsOnly { modes.insert((.epoch, true), at: 0) }
            for (runner, byEpoch) in modes {
                for warmup in warmups { runs.append(ScheduleRun(policy: policy, runner: runner, byEpoch: byEpoch, warmup: warmup)) }
                if let byEpochWarmup {
                    runs.append(ScheduleRun(policy: policy, runner: runner, byEpoch: byEpoch, warmup: byEpochWarmup))
                }
            }
        }
        return runs
    }

    /// The policy options with `by_epoch` and the warmup.
    var options: ConfigDict {
        var options = policy.options(byEpoch)
        options["by_epoch"] = .bool(byEpoch)
        for (key, value) in warmup.options { options[key] = value }
        return options
    }

    /// MMCV's values of every group at every iteration of the run.
    func expected(initial: [Double], divide: Bool) -> [[Double]] {
        MMCV.simulate(policy.value, bases: policy.bases(initial), byEpoch: byEpoch, warmup: warmup.reference,
                      divide: divide, epochs: runner == .epoch ? 5 : nil, maxIters: 25, itersPerEpoch: 5)
    }
}

/// The iterations (and groups) where `actual` is not within `relative`
/// (1e-12) of `expected`, for a message.
func mismatches(_ actual: [[Double]], _ expected: [[Double]], relative: Double = 1e-12) -> [String] {
    guard actual.count == expected.count else { return ["\(actual.count) iterations logged, \(expected.count) expected"] }
    var found: [String] = []
    for (iter, (got, want)) in zip(actual, expected).enumerated() {
        guard got.count == want.count else { found.append("iter \(iter): \(got.count) groups"); continue }
        for (group, (a, e)) in zip(got, want).enumerated() where !(a == e || abs(a - e) <= relative * abs(e)) {
            found.append("iter \(iter) group \(group): \(a), expected \(e)")
        }
    }
    return found
}
