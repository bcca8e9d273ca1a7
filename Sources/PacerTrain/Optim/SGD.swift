import Pacer

/// Stochastic gradient descent with PyTorch's semantics: L2 weight decay
/// added to the gradient, a momentum buffer that starts as the first
/// gradient, optional dampening and Nesterov momentum.
public final class SGD: Optimizer {
    /// "SGD".
    public let typeName = "SGD"
    /// The groups; hooks change `lr` and `momentum`.
    public var paramGroups: [ParamGroup]
    /// Dampening of the momentum buffer.
    public let dampening: Double
    /// Nesterov momentum.
    public let nesterov: Bool
    private let parameters: [Parameter]
    /// One block holding every momentum buffer, parameter after parameter.
    private let bufferBlock: UnsafeMutablePointer<Float>
    private let buffers: [UnsafeMutablePointer<Float>]
    /// Steps taken; the first one seeds the momentum buffers.
    public var stepCount = 0

    /// An optimizer over `parameters` in one or more groups.
    public init(parameters: [Parameter], groups: [ParamGroup], dampening: Double = 0, nesterov: Bool = false) {
        self.parameters = parameters
        paramGroups = groups
        self.dampening = dampening
        self.nesterov = nesterov
        let counts = parameters.map(\.count)
        let total = max(counts.reduce(0, +), 1)
        let block = UnsafeMutablePointer<Float>.allocate(capacity: total)
        block.initialize(repeating: 0, count: total)
        var offset = 0
        buffers = counts.map { count in
            defer { offset += count }
            return block + offset
        }
        bufferBlock = block
    }

    /// One update of every parameter of every group.
    public func step() {
        defer { stepCount += 1 }
        for group in paramGroups {
            let update = SGDUpdate(lr: Float(group.lr), momentum: Float(group.momentum),
                                   weightDecay: Float(group.weightDecay), keep: Float(1 - dampening),
                                   nesterov: nesterov, seedsBuffer: stepCount == 0)
            for index in group.parameterIndices {
                let parameter = parameters[index]
                guard let grad = parameter.grad else { continue }
                update.apply(count: parameter.count, data: parameter.data, grad: grad, buffer: buffers[index])
            }
        }
    }

    /// The momentum buffers, named `momentum_buffer.<parameter>`.
    public var state: [Parameter] {
        zip(parameters, buffers).map { parameter, buffer in
            Parameter(name: "momentum_buffer." + parameter.name, shape: parameter.shape, data: buffer, grad: nil)
        }
    }

    deinit {
        bufferBlock.deallocate()
    }
}
