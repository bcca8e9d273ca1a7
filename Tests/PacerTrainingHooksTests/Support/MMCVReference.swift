import Foundation

/// MMCV 1.7.2's LR and momentum updaters restated in the test, from
/// `mmcv/runner/hooks/lr_updater.py` and `momentum_updater.py`, with every
/// expression in Python's float order of operations. Independent of the
/// production code: it only reads numbers, never Pacer's schedule types.
enum MMCV {
    /// `annealing_cos(start, end, factor, weight=1)`.
    static func annealingCos(_ start: Double, _ end: Double, _ factor: Double, _ weight: Double = 1) -> Double {
        let cosOut = cos(Double.pi * factor) + 1
        return end + 0.5 * weight * (start - end) * cosOut
    }

    /// `annealing_linear(start, end, factor)`.
    static func annealingLinear(_ start: Double, _ end: Double, _ factor: Double) -> Double {
        start + (end - start) * factor
    }

    /// What `get_lr` reads from the runner.
    struct State: Sendable {
        let epoch: Int
        let iter: Int
        let maxEpochs: Int
        let maxIters: Int
        let byEpoch: Bool

        /// `runner.epoch if self.by_epoch else runner.iter`.
        var progress: Int { byEpoch ? epoch : iter }
        /// `runner.max_epochs if self.by_epoch else runner.max_iters`.
        var maxProgress: Int { byEpoch ? maxEpochs : maxIters }
    }

    /// A policy's `get_lr(runner, base)` for group `group`.
    typealias GetValue = @Sendable (_ state: State, _ base: Double, _ group: Int) -> Double

    /// A warmup: kind ('constant', 'linear', 'exp'), `warmup_iters`, `warmup_ratio`.
    struct Warmup: Sendable {
        let kind: String
        let iters: Int
        let ratio: Double
        let byEpoch: Bool

        /// `get_warmup_lr` (multiply) or `get_warmup_momentum` (divide).
        func apply(_ regular: Double, _ cur: Int, warmupIters: Int, divide: Bool) -> Double {
            switch kind {
            case "constant":
                return divide ? regular / ratio : regular * ratio
            case "linear":
                let k = (1 - Double(cur) / Double(warmupIters)) * (1 - ratio)
                return divide ? regular / (1 - k) : regular * (1 - k)
            default:
                let k = pow(ratio, 1 - Double(cur) / Double(warmupIters))
                return divide ? regular / k : regular * k
            }
        }
    }

    /// The value of every group after `before_train_iter` of every train
    /// iteration of a run: MMCV's `before_run`, `before_train_epoch` and
    /// `before_train_iter` of the updater, driven the way EpochBasedRunner
    /// (`epochs` of `itersPerEpoch`) or IterBasedRunner (`maxIters`) drives them.
    static func simulate(_ getValue: GetValue, bases: [Double], byEpoch: Bool, warmup: Warmup?, divide: Bool,
                         epochs: Int?, maxIters: Int, itersPerEpoch: Int) -> [[Double]] {
        var current = bases
        var regular: [Double] = []
        var warmupIters: Int? = warmup.map { $0.byEpoch ? -1 : $0.iters }
        var out: [[Double]] = []
        func regularValues(_ state: State) -> [Double] {
            bases.enumerated().map { getValue(state, $1, $0) }
        }
        func beforeTrainIter(_ state: State) {
            let cur = state.iter
            if !byEpoch {
                regular = regularValues(state)
                if let warmup, cur < warmupIters! {
                    current = regular.map { warmup.apply($0, cur, warmupIters: warmupIters!, divide: divide) }
                } else {
                    current = regular
                }
            } else if let warmup, cur <= warmupIters! {
                current = cur == warmupIters!
                    ? regular : regular.map { warmup.apply($0, cur, warmupIters: warmupIters!, divide: divide) }
            }
        }
        if let epochs {
            for epoch in 0..<epochs {
                if let warmup, warmupIters == -1 { warmupIters = warmup.iters * itersPerEpoch }
                let start = State(epoch: epoch, iter: epoch * itersPerEpoch, maxEpochs: epochs, maxIters: maxIters,
                                  byEpoch: byEpoch)
                if byEpoch {
                    regular = regularValues(start)
                    current = regular
                }
                for inner in 0..<itersPerEpoch {
                    beforeTrainIter(State(epoch: epoch, iter: epoch * itersPerEpoch + inner, maxEpochs: epochs,
                                          maxIters: maxIters, byEpoch: byEpoch))
                    out.append(current)
                }
            }
        } else {
            // Pacer's reading of warmup_by_epoch here (MMCV asserts): epochs of the train loader.
            if let warmup, warmupIters == -1 { warmupIters = warmup.iters * itersPerEpoch }
            for iter in 0..<maxIters {
                beforeTrainIter(State(epoch: iter / itersPerEpoch, iter: iter, maxEpochs: 0, maxIters: maxIters,
                                      byEpoch: byEpoch))
                out.append(current)
            }
        }
        return out
    }
}
