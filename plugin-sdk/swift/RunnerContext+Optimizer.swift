import CPacer

/// ABI 1.1: what LR and momentum updater hooks and optimizer hooks do to
/// the runner's optimizer. Each call checks first that the host has the
/// function (a 1.0 host does not) and throws a ``PluginFailure`` saying so
/// otherwise, which stops the run with that line.
extension RunnerContext {
    /// Sets the learning rate of parameter group `group`; the optimizer
    /// uses it from its next step (MMCV's `group['lr'] = lr`). Throws for a
    /// group past the end, no optimizer, or a negative or non-finite `lr`.
    public func setLearningRate(_ lr: Double, group: Int = 0) throws {
        let set = try HostAPICheck.function(\.ctx_set_lr, named: "ctx_set_lr", addedIn: 1, in: api)
        try check(set(handle, UInt32(truncatingIfNeeded: group), lr), "ctx_set_lr(\(group), \(lr))")
    }

    /// Sets the momentum (beta1 for Adam-style optimizers) of parameter
    /// group `group`, used from the optimizer's next step. Throws as
    /// ``setLearningRate(_:group:)``.
    public func setMomentum(_ momentum: Double, group: Int = 0) throws {
        let set = try HostAPICheck.function(\.ctx_set_momentum, named: "ctx_set_momentum", addedIn: 1, in: api)
        try check(set(handle, UInt32(truncatingIfNeeded: group), momentum), "ctx_set_momentum(\(group), \(momentum))")
    }

    /// The learning rate parameter group `group` started with (MMCV's
    /// `initial_lr`, what schedules scale); 0 past the end.
    public func initialLearningRate(group: Int = 0) throws -> Double {
        let initial = try HostAPICheck.function(\.ctx_initial_lr, named: "ctx_initial_lr", addedIn: 1, in: api)
        return initial(handle, UInt32(truncatingIfNeeded: group))
    }

    /// Steps the runner's optimizer once on the gradients the model left in
    /// every parameter's `grad` (change them first through
    /// ``parameter(at:)`` to clip or scale them): what an optimizer hook
    /// does in `after_train_iter`. When the optimizer fails, the host has
    /// already stored its message for this hook call; the
    /// ``OptimizerStepFailure`` thrown here keeps that message when it
    /// leaves the hook.
    public func stepOptimizer() throws {
        let step = try HostAPICheck.function(\.ctx_optimizer_step, named: "ctx_optimizer_step", addedIn: 1, in: api)
        let status = step(handle, error)
        guard status == PACER_OK else {
            guard error != nil else {
                throw PluginFailure("the host's ctx_optimizer_step failed with status \(status)",
                                    status: PluginStatus(rawValue: status))
            }
            throw OptimizerStepFailure(status: PluginStatus(rawValue: status))
        }
    }

    /// Throws for a status other than `PACER_OK` from host function `call`.
    private func check(_ status: pacer_status, _ call: String) throws {
        guard status == PACER_OK else {
            throw PluginFailure("the host's \(call) failed with status \(status)",
                                status: PluginStatus(rawValue: status))
        }
    }
}

/// ``RunnerContext/stepOptimizer()`` failed and the host has already put the
/// optimizer's message in the hook call's error slot. Thrown out of the
/// hook method, the kit returns ``status`` without replacing that message;
/// rethrow it from the same hook call (not a later one), or throw your own
/// error to replace the message.
public struct OptimizerStepFailure: PluginError, Equatable, Sendable {
    /// The optimizer's status.
    public var status: PluginStatus

    /// Wraps the status the host returned.
    public init(status: PluginStatus) { self.status = status }

    /// `the optimizer step failed with status <status>`: the message the host
    /// holds is the optimizer's own.
    public var description: String { "the optimizer step failed with status \(status)" }
}
