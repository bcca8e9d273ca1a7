import CPacer

/// What one ``OptimizerPlugin/step(_:)`` sees (`pacer_optimizer_step`): the
/// step number, every group's current hyper-parameters, and the parameters
/// with their gradients. Valid only during the call; the memory behind the
/// parameters stays at the same addresses from step to step, but key state
/// by ``OptimizerParameter/index``.
public struct OptimizerStep {
    /// The number of this step: 1 for the first step of a run, counting on
    /// across a resume.
    public let number: Int
    /// Every parameter group's current values, by group index.
    public let groups: [ParameterGroup]
    /// The number of trainable parameters.
    public let parameterCount: Int
    /// The host's struct, valid during the call.
    private let raw: pacer_optimizer_step

    /// Reads the host's struct; throws when it is shorter or its parameter
    /// stride smaller than the ABI 1.1 layout this kit knows.
    init(_ args: UnsafePointer<pacer_optimizer_step>) throws {
        let size = Int(args.pointee.struct_size)
        guard size >= MemoryLayout<pacer_optimizer_step>.size else {
            throw PluginFailure("the host's pacer_optimizer_step has \(size) bytes, ABI 1.1 needs "
                + "\(MemoryLayout<pacer_optimizer_step>.size)", status: .abi)
        }
        let raw = args.pointee
        guard raw.param_count == 0 || Int(raw.param_stride) >= MemoryLayout<pacer_tensor>.size else {
            throw PluginFailure("the host's parameter stride \(raw.param_stride) is smaller than a pacer_tensor",
                                status: .abi)
        }
        let count = Int(raw.group_count)
        groups = (0..<count).map {
            ParameterGroup(learningRate: raw.lr[$0], momentum: raw.momentum[$0], weightDecay: raw.weight_decay[$0])
        }
        number = Int(raw.step)
        parameterCount = Int(raw.param_count)
        self.raw = raw
    }

    /// The parameter at `index` (below ``parameterCount``), in the model's order.
    public func parameter(at index: Int) throws -> OptimizerParameter {
        guard (0..<parameterCount).contains(index) else {
            throw PluginFailure("parameter \(index) is past the end (\(parameterCount) parameters)",
                                status: .notFound)
        }
        let tensor = UnsafeRawPointer(raw.params)
            .load(fromByteOffset: index * Int(raw.param_stride), as: pacer_tensor.self)
        let group = Int(raw.param_group[index])
        guard groups.indices.contains(group) else {
            throw PluginFailure("the host put parameter \(index) in group \(group) of \(groups.count)",
                                status: .abi)
        }
        return try OptimizerParameter(index: index, group: group, view: ParameterView(tensor))
    }

    /// Every parameter, in the model's order.
    public var parameters: [OptimizerParameter] {
        get throws { try (0..<parameterCount).map { try parameter(at: $0) } }
    }
}

// MARK: - ParameterGroup

/// One parameter group's current hyper-parameters, as LR and momentum
/// updater hooks left them for this step.
public struct ParameterGroup: Hashable, Sendable {
    /// The learning rate.
    public var learningRate: Double
    /// The momentum, or beta1 for Adam-style optimizers, or 0.
    public var momentum: Double
    /// The weight decay.
    public var weightDecay: Double

    /// Creates a value, e.g. for tests.
    public init(learningRate: Double, momentum: Double, weightDecay: Double) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }
}

// MARK: - OptimizerParameter

/// One trainable parameter in an optimizer step: host-owned F32 memory the
/// optimizer updates in place, and the gradient it reads.
public struct OptimizerParameter {
    /// The position in the model's order: the key for per-parameter state.
    public let index: Int
    /// The index of its group in ``OptimizerStep/groups``.
    public let group: Int
    /// The name, e.g. `"fc1.weight"` (copied).
    public let name: String
    /// The extents, row-major; empty for a scalar.
    public let shape: [Int]
    /// The values, which the step updates.
    public let data: UnsafeMutableBufferPointer<Float>
    /// The gradient of the last train step (already averaged, accumulated or
    /// clipped by the optimizer hook); read-only.
    public let grad: UnsafeBufferPointer<Float>

    /// The element count.
    public var count: Int { data.count }

    /// Checks that the host's view has a gradient.
    init(index: Int, group: Int, view: ParameterView) throws {
        guard let grad = view.grad else {
            throw PluginFailure("parameter '\(view.name)' has no gradient", status: .abi)
        }
        self.index = index
        self.group = group
        self.name = view.name
        self.shape = view.shape
        self.data = view.data
        self.grad = UnsafeBufferPointer(grad)
    }
}
