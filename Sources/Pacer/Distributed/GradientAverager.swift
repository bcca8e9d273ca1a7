/// MMCV's `MMDistributedDataParallel` gradient reduction and the
/// `_parse_losses` averaging of log variables, as one collective per train
/// step: every parameter's gradient, the loss and every reported variable
/// are packed into one flat float buffer (allocated once, on the first
/// step), summed across ranks with a single all-reduce, divided by the
/// world size and unpacked, before any after_train_iter hook (the
/// optimizer hook included) runs. N ranks of batch B then step like one
/// process of batch N×B.
final class GradientAverager {
    private let communicator: any Communicator
    private var buffer: UnsafeMutableBufferPointer<Float>
    private var gradientCount = 0

    /// An averager over `communicator`'s ranks.
    init(communicator: any Communicator) {
        self.communicator = communicator
        buffer = .allocate(capacity: 0)
    }

    deinit { buffer.deallocate() }

    /// Averages the gradients of `parameters` and, in place, `loss` and
    /// the values of `outputs` (entry 0, "loss", excluded: `loss` is it).
    /// Every rank reports the same keys in the same order, as every rank
    /// runs the same model.
    func average(_ parameters: [Parameter], loss: inout Double, outputs: StepOutputs) throws {
        let extra = outputs.values.count
        let needed = gradientCount(parameters) + extra
        if buffer.count != needed {
            buffer.deallocate()
            buffer = .allocate(capacity: needed)
        }
        var offset = 0
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            let count = parameter.count
            (buffer.baseAddress! + offset).update(from: grad, count: count)
            offset += count
        }
        buffer[offset] = Float(loss)
        for index in 1..<max(1, extra) { buffer[offset + index] = Float(outputs.values[index].value) }
        try communicator.allReduceSum(buffer)
        let scale = 1 / Float(communicator.worldSize)
        offset = 0
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            for index in 0..<parameter.count { grad[index] = buffer[offset + index] * scale }
            offset += parameter.count
        }
        loss = Double(buffer[offset] * scale)
        for index in 1..<max(1, extra) { outputs.setValue(at: index, Double(buffer[offset + index] * scale)) }
    }

    /// Elements of every gradient, counted once per parameter list.
    private func gradientCount(_ parameters: [Parameter]) -> Int {
        if gradientCount == 0 {
            gradientCount = parameters.reduce(0) { $0 + ($1.grad == nil ? 0 : $1.count) }
        }
        return gradientCount
    }
}
