import Pacer
import PacerTrain

/// A composed model's gradients, as its train step writes them, against
/// central differences of the loss that step reports (BatchNorm in training
/// uses batch statistics, which a val step would not).
enum CentralDifferences {
    /// What a check found.
    struct Outcome {
        /// Entries compared.
        var checked = 0
        /// Entries left out because the loss has a kink within the step of
        /// them (a ReLU or a max pooling switch) or curves strongly there:
        /// the one-sided differences disagree, and no finite difference is
        /// the derivative.
        var atKinks = 0
        /// Entries whose gradient disagrees with the central difference.
        var mismatches: [String] = []
    }

    /// About `entriesPerTensor` entries of every parameter of `session`'s
    /// model on `storage`'s batch, each moved by `step` either way. The
    /// buffers (running statistics, the dropout stream) are put back before
    /// every step, so each one sees the same statistics and draws the same
    /// dropout masks. A mismatch is a difference beyond `absolute` plus 2 %.
    static func check(_ session: TrainingSession, on storage: BatchStorage, step: Float, entriesPerTensor: Int,
                      absolute: Double) throws -> Outcome {
        let runner = session.runner, network = runner.model
        let buffers = network.buffers.map { Array(UnsafeBufferPointer(start: $0.data, count: $0.count)) }
        func loss() throws -> Double {
            for (buffer, saved) in zip(network.buffers, buffers) {
                saved.withUnsafeBufferPointer { buffer.data.update(from: $0.baseAddress!, count: saved.count) }
            }
            return try network.trainStep(storage.batch, runner: runner).loss
        }
        let base = try loss()
        let gradients = network.parameters.map { parameter in
            parameter.grad.map { Array(UnsafeBufferPointer(start: $0, count: parameter.count)) } ?? []
        }
        var outcome = Outcome()
        for (parameter, analytic) in zip(network.parameters, gradients) where !analytic.isEmpty {
            let stride = max(1, parameter.count / entriesPerTensor)
            for index in Swift.stride(from: parameter.count % stride, to: parameter.count, by: stride) {
                let saved = parameter.data[index]
                parameter.data[index] = saved + step
                let up = try loss()
                parameter.data[index] = saved - step
                let down = try loss()
                parameter.data[index] = saved
                let h = Double(step)
                if abs((up - base) / h - (base - down) / h) > 2e-3 + 0.05 * abs((up - down) / (2 * h)) {
                    outcome.atKinks += 1
                    continue
                }
                outcome.checked += 1
                let numeric = (up - down) / (2 * h), expected = Double(analytic[index])
                if abs(numeric - expected) > absolute + 0.02 * abs(expected) {
                    outcome.mismatches.append("\(parameter.name)[\(index)]: train step \(expected), difference \(numeric)")
                }
            }
        }
        return outcome
    }
}
