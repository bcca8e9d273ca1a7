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
    private let buffers: [UnsafeMutablePointer<Float>]
    /// Steps taken; the first one seeds the momentum buffers.
    public var stepCount = 0

    /// An optimizer over `parameters` in one or more groups.
    public init(parameters: [Parameter], groups: [ParamGroup], dampening: Double = 0, nesterov: Bool = false) {
        self.parameters = parameters
        paramGroups = groups
        self.dampening = dampening
        self.nesterov = nesterov
        buffers = parameters.map { parameter in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: parameter.count)
            buffer.initialize(repeating: 0, count: parameter.count)
            return buffer
        }
    }

    /// One update of every parameter of every group.
    public func step() {
        defer { stepCount += 1 }
        for group in paramGroups {
            for index in group.parameterIndices {
                update(index, lr: Float(group.lr), momentum: Float(group.momentum),
                       weightDecay: Float(group.weightDecay))
            }
        }
    }

    private func update(_ index: Int, lr: Float, momentum: Float, weightDecay: Float) {
        let parameter = parameters[index]
        guard let grad = parameter.grad else { return }
        let data = parameter.data
        let buffer = buffers[index]
        let keep = Float(1 - dampening)
        let first = stepCount == 0
        for i in 0..<parameter.count {
            var g = grad[i] + weightDecay * data[i]
            if momentum != 0 {
                buffer[i] = first ? g : momentum * buffer[i] + keep * g
                g = nesterov ? g + momentum * buffer[i] : buffer[i]
            }
            data[i] -= lr * g
        }
    }

    /// The momentum buffers, named `momentum_buffer.<parameter>`.
    public var state: [Parameter] {
        zip(parameters, buffers).map { parameter, buffer in
            Parameter(name: "momentum_buffer." + parameter.name, shape: parameter.shape, data: buffer, grad: nil)
        }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }
}
