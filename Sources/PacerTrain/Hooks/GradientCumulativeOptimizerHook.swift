import Pacer

/// MMCV's GradientCumulativeOptimizerHook: one optimizer step every
/// `cumulativeIters` train iterations on the sum of their gradients, each
/// divided by `cumulativeIters`, so a step sees the mean gradient of a
/// batch `cumulativeIters` times larger. When the run's iterations do not
/// divide evenly, the last, shorter group divides by its own length, and
/// the last iteration always steps.
///
/// MMCV scales each iteration's loss before `backward()` adds it to the
/// gradients. A Pacer model plugin overwrites its gradients on every train
/// step, so the host accumulates instead: the hook keeps one float buffer
/// per parameter, allocated once, adds each iteration's scaled gradients to
/// it, and on a stepping iteration copies the sums into the gradients,
/// clips them (logging `grad_norm`) and steps. The sums are saved with the
/// hook's state, so a run resumed mid-group continues it exactly.
public final class GradientCumulativeOptimizerHook: StatefulHook {
    /// "GradientCumulativeOptimizerHook".
    public let typeName = "GradientCumulativeOptimizerHook"
    /// "built-in".
    public let origin = "built-in"
    /// after_train_iter.
    public let stages: Set<HookStage> = [.afterTrainIter]
    /// Iterations per optimizer step.
    public let cumulativeIters: Int
    /// Clipping of the summed gradients, if configured.
    public let gradClip: GradClip?
    private var sums: [UnsafeMutablePointer<Float>] = []
    private var started = false
    private var restored: [String: StateTensor] = [:]

    /// Steps every `cumulativeIters` (positive) iterations.
    public init(cumulativeIters: Int, gradClip: GradClip?) {
        self.cumulativeIters = cumulativeIters
        self.gradClip = gradClip
    }

    /// MMCV's loss factor at `runner.iter`: `cumulativeIters`, or the
    /// length of the last, incomplete group.
    public func lossFactor(_ runner: Runner) -> Int {
        let remainder = runner.maxIters - runner.maxIters / cumulativeIters * cumulativeIters
        return runner.iter < runner.maxIters - remainder ? cumulativeIters : remainder
    }

    /// Adds this iteration's scaled gradients; steps when a group is complete.
    public func call(_ stage: HookStage, runner: Runner) throws {
        guard let optimizer = runner.optimizer else { return }
        let parameters = runner.model.parameters
        if !started { start(parameters) }
        let factor = Float(lossFactor(runner))
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            let sum = sums[index]
            for i in 0..<parameter.count { sum[i] += grad[i] / factor }
        }
        let done = runner.iter + 1
        guard done % cumulativeIters == 0 || done == runner.maxIters else { return }
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            let sum = sums[index]
            grad.update(from: sum, count: parameter.count)
            sum.update(repeating: 0, count: parameter.count)
        }
        if let gradClip {
            let norm = gradClip.clip(parameters)
            runner.logBuffer.update("grad_norm", norm, count: runner.outputs.numSamples)
        }
        try optimizer.step()
    }

    /// Saves the sums of the group in progress as `accumulated.<parameter>`.
    public func saveState(into state: StateDict, prefix: String) throws {
        guard started else { return }
        for (name, sum) in zip(names, sums) {
            state.put(prefix + Self.key + name, StateTensor(copying: sum, shape: shapes[name] ?? []))
        }
    }

    /// Restores the sums of a group in progress, if saved.
    public func loadState(from state: StateDict, prefix: String) throws {
        restored = [:]
        for name in state.names where name.hasPrefix(prefix + Self.key) {
            restored[String(name.dropFirst(prefix.count + Self.key.count))] = state.get(name)
        }
    }

    private var names: [String] = []
    private var shapes: [String: [Int]] = [:]
    private static let key = "accumulated."

    private func start(_ parameters: [Parameter]) {
        started = true
        names = parameters.map(\.name)
        for parameter in parameters {
            shapes[parameter.name] = parameter.shape
            let sum = UnsafeMutablePointer<Float>.allocate(capacity: max(parameter.count, 1))
            sum.initialize(repeating: 0, count: max(parameter.count, 1))
            if let saved = restored[parameter.name], saved.dtype == .float32, saved.count == parameter.count {
                saved.copy(into: sum)
            }
            sums.append(sum)
        }
        restored = [:]
    }

    deinit {
        for sum in sums { sum.deallocate() }
    }
}
