import Foundation
import PacerConfig

/// One policy of `lr_config` or `momentum_config` as a test case: its
/// options (per progress unit, as step points and periods depend on
/// whether they count epochs or iterations) and MMCV's `get_lr` /
/// `get_momentum` for it, restated in the test.
struct PolicyCase: Sendable, CustomStringConvertible {
    let description: String
    /// The options, given whether progress counts epochs.
    let options: @Sendable (_ byEpoch: Bool) -> ConfigDict
    /// Cyclic and OneCycle: iterations only.
    var iterationsOnly = false
    /// MMCV's `before_run` bases from the groups' values (OneCycle overrides them).
    var bases: @Sendable (_ initial: [Double]) -> [Double] = { $0 }
    /// `get_lr` / `get_momentum`.
    let value: MMCV.GetValue
}

/// The LR policies, MMCV's formulas in Python's order.
enum LRCases {
    static let all: [PolicyCase] = [
        PolicyCase(description: "fixed", options: { _ in ["policy": "fixed"] }, value: { _, base, _ in base }),
        PolicyCase(description: "step every 2", options: { _ in ["policy": "step", "step": 2, "gamma": 0.5] },
                   value: { s, base, _ in base * pow(0.5, Double(s.progress / 2)) }),
        PolicyCase(description: "Step at [2, 4] with min_lr",
                   options: { _ in ["policy": "Step", "step": [2, 4], "gamma": 0.1, "min_lr": 0.0005] },
                   value: { s, base, _ in
                       let exp = [2, 4].firstIndex { s.progress < $0 } ?? 2
                       return max(base * pow(0.1, Double(exp)), 0.0005)
                   }),
        PolicyCase(description: "exp", options: { _ in ["policy": "exp", "gamma": 0.9] },
                   value: { s, base, _ in base * pow(0.9, Double(s.progress)) }),
        PolicyCase(description: "poly", options: { _ in ["policy": "poly", "power": 2.0, "min_lr": 1e-4] },
                   value: { s, base, _ in
                       let coeff = pow(1 - Double(s.progress) / Double(s.maxProgress), 2.0)
                       return (base - 1e-4) * coeff + 1e-4
                   }),
        PolicyCase(description: "inv", options: { _ in ["policy": "inv", "gamma": 0.1, "power": 0.75] },
                   value: { s, base, _ in base * pow(1 + 0.1 * Double(s.progress), -0.75) }),
        PolicyCase(description: "CosineAnnealing min_lr_ratio",
                   options: { _ in ["policy": "CosineAnnealing", "min_lr_ratio": 0.1] },
                   value: { s, base, _ in
                       MMCV.annealingCos(base, base * 0.1, Double(s.progress) / Double(s.maxProgress))
                   }),
        PolicyCase(description: "cosineannealing min_lr (lower case)",
                   options: { _ in ["policy": "cosineannealing", "min_lr": 1e-4] },
                   value: { s, base, _ in MMCV.annealingCos(base, 1e-4, Double(s.progress) / Double(s.maxProgress)) }),
        PolicyCase(description: "FlatCosineAnnealing",
                   options: { _ in ["policy": "FlatCosineAnnealing", "start_percent": 0.5, "min_lr": 1e-4] },
                   value: { s, base, _ in
                       let start = Int((Double(s.maxProgress) * 0.5).rounded(.toNearestOrEven))  // round()
                       let progress = s.progress - start
                       if progress < 0 { return base }
                       return MMCV.annealingCos(base, 1e-4, Double(progress) / Double(s.maxProgress - start))
                   }),
        PolicyCase(description: "CosineRestart",
                   options: { byEpoch in
                       ["policy": "CosineRestart", "periods": byEpoch ? [2, 3] : [10, 15],
                        "restart_weights": [1, 0.5], "min_lr_ratio": 0.01]
                   },
                   value: { s, base, _ in
                       let periods = s.byEpoch ? [2, 3] : [10, 15]
                       let cumulative = s.byEpoch ? [2, 5] : [10, 25]
                       let idx = cumulative.firstIndex { s.progress < $0 }!
                       let nearestRestart = idx == 0 ? 0 : cumulative[idx - 1]
                       let alpha = min(Double(s.progress - nearestRestart) / Double(periods[idx]), 1)
                       return MMCV.annealingCos(base, base * 0.01, alpha, [1, 0.5][idx])
                   }),
        PolicyCase(description: "LinearAnnealing", options: { _ in ["policy": "LinearAnnealing", "min_lr_ratio": 0.05] },
                   value: { s, base, _ in
                       MMCV.annealingLinear(base, base * 0.05, Double(s.progress) / Double(s.maxProgress))
                   }),
        PolicyCase(description: "cyclic cos, 2 cycles, gamma 0.8",
                   options: { _ in
                       ["policy": "cyclic", "target_ratio": .tuple([10, 1e-4]), "cyclic_times": 2,
                        "step_ratio_up": 0.4, "gamma": 0.8]
                   },
                   iterationsOnly: true,
                   value: { s, base, _ in cyclic(s, base, ratio: (10, 1e-4), times: 2, up: 0.4, gamma: 0.8, cos: true) }),
        PolicyCase(description: "Cyclic linear, step_ratio_up 0, one number",
                   options: { _ in
                       ["policy": "Cyclic", "target_ratio": 5.0, "step_ratio_up": 0.0, "anneal_strategy": "linear"]
                   },
                   iterationsOnly: true,
                   value: { s, base, _ in cyclic(s, base, ratio: (5.0, 5.0 / 1e5), times: 1, up: 0.0, gamma: 1, cos: false) }),
        PolicyCase(description: "OneCycle", options: { _ in ["policy": "OneCycle", "max_lr": 0.1] },
                   iterationsOnly: true, bases: { $0.map { _ in 0.1 / 25 } },
                   value: { s, base, _ in oneCycle(s, base, total: s.maxIters, pct: 0.3, div: 25, finalDiv: 1e4, three: false, cos: true) }),
        PolicyCase(description: "onecycle three-phase linear, total_steps, max_lr per group",
                   options: { _ in
                       ["policy": "onecycle", "max_lr": [0.1, 0.05], "total_steps": 30, "pct_start": 0.25,
                        "anneal_strategy": "linear", "three_phase": true, "div_factor": 10, "final_div_factor": 100]
                   },
                   iterationsOnly: true, bases: { _ in [0.1 / 10, 0.05 / 10] },
                   value: { s, base, _ in oneCycle(s, base, total: 30, pct: 0.25, div: 10, finalDiv: 100, three: true, cos: false) }),
    ]

    /// `CyclicLrUpdaterHook.before_run` and `get_lr`.
    static func cyclic(_ s: MMCV.State, _ base: Double, ratio: (Double, Double), times: Int, up: Double, gamma: Double,
                       cos: Bool) -> Double {
        let maxIterPerPhase = s.maxIters / times
        let iterUpPhase = Int(up * Double(maxIterPerPhase))
        let phases: [(Int, Int, Double, Double)] = [(0, iterUpPhase, 1, ratio.0),
                                                    (iterUpPhase, maxIterPerPhase, ratio.0, ratio.1)]
        let currIter = s.iter % maxIterPerPhase
        let currCycle = s.iter / maxIterPerPhase
        let scale = pow(gamma, Double(currCycle))
        for (startIter, endIter, startRatio, endRatio) in phases where startIter <= currIter && currIter < endIter {
            var startRatio = startRatio, endRatio = endRatio
            if startIter == 0 {
                endRatio = 1 - scale + endRatio * scale
            } else {
                startRatio = 1 - scale + startRatio * scale
            }
            let progress = currIter - startIter
            let factor = Double(progress) / Double(endIter - startIter)
            return cos ? MMCV.annealingCos(base * startRatio, base * endRatio, factor)
                       : MMCV.annealingLinear(base * startRatio, base * endRatio, factor)
        }
        fatalError("no phase")
    }

    /// `OneCycleLrUpdaterHook.before_run` phases and `get_lr`.
    static func oneCycle(_ s: MMCV.State, _ base: Double, total: Int, pct: Double, div: Double, finalDiv: Double,
                         three: Bool, cos: Bool) -> Double {
        let phases: [(Double, Double, Double)] = three
            ? [(pct * Double(total) - 1, 1, div), (2 * pct * Double(total) - 2, div, 1), (Double(total - 1), 1, 1 / finalDiv)]
            : [(pct * Double(total) - 1, 1, div), (Double(total - 1), div, 1 / finalDiv)]
        var startIter = 0.0
        for (endIter, startLR, endLR) in phases {
            if Double(s.iter) <= endIter {
                let pct = (Double(s.iter) - startIter) / (endIter - startIter)
                return cos ? MMCV.annealingCos(base * startLR, base * endLR, pct)
                           : MMCV.annealingLinear(base * startLR, base * endLR, pct)
            }
            startIter = endIter
        }
        fatalError("past the last phase")
    }
}
