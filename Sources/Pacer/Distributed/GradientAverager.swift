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
    /// runs the same model. With a `profile` (`--profile-hooks`) the time
    /// goes to three rows: `wait_for_ranks` (a barrier first, so that the
    /// time faster ranks wait for the slowest is not counted as
    /// communication), `all_reduce` (the collective alone) and
    /// `pack_unpack`.
    func average(_ parameters: [Parameter], loss: inout Double, outputs: StepOutputs,
                 profile: HookProfile? = nil) throws {
        guard let profile else { return try average(parameters, loss: &loss, outputs: outputs) { try $0() } }
        var packed = HookProfile.now()
        try average(parameters, loss: &loss, outputs: outputs) { reduce in
            profile.add(Self.profileName, stage: "pack_unpack", since: packed)
            try profile.measure(Self.profileName, stage: "wait_for_ranks") { try communicator.barrier() }
            try profile.measure(Self.profileName, stage: "all_reduce", reduce)
            packed = HookProfile.now()
        }
        profile.add(Self.profileName, stage: "pack_unpack", since: packed)
    }

    /// The name of the profile rows.
    private static let profileName = "GradientAverager"

    /// Packs, reduces (through `around`, which calls the reduction it is
    /// given once), scales and unpacks.
    private func average(_ parameters: [Parameter], loss: inout Double, outputs: StepOutputs,
                         around: (() throws -> Void) throws -> Void) throws {
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
        try around { try communicator.allReduceSum(buffer) }
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
