import CPacer
import Pacer

/// `pacer_tensor` views of a model's parameters, in the model's order, with
/// host-owned names and shapes that stay valid as long as this object: what
/// `ctx_param_at` hands to hooks and what an optimizer plugin's step sees.
final class ParameterViews {
    /// One view per parameter.
    let views: UnsafeMutableBufferPointer<pacer_tensor>
    private let shapes: [UnsafeMutablePointer<Int64>]
    private let strings = CStringTable()

    /// Views of `parameters`.
    init(_ parameters: [Parameter]) {
        views = .allocate(capacity: parameters.count)
        shapes = parameters.map { UnsafeMutablePointer<Int64>.allocate(capacity: max($0.shape.count, 1)) }
        for (index, parameter) in parameters.enumerated() {
            views.initializeElement(at: index, to: TensorView.make(
                name: strings.pointer(parameter.name), dtype: .float32, shape: parameter.shape,
                shapeStorage: shapes[index], data: UnsafeMutableRawPointer(parameter.data),
                grad: parameter.grad.map(UnsafeMutableRawPointer.init)))
        }
    }

    deinit {
        for shape in shapes { shape.deallocate() }
        views.deallocate()
    }
}
