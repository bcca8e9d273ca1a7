import CPacer
import Pacer

/// What a `pacer_ctx *` points at: the runner of the current call, plus
/// host-owned copies of everything handed to C by pointer (strings,
/// parameter shapes), which stay valid for the context's life.
final class PluginContext {
    /// The runner of the call in progress. Set before every plugin call,
    /// on the runner's thread (no dynamic exclusivity check).
    @exclusivity(unchecked) unowned(unsafe) var runner: Runner?
    let strings = CStringTable()
    private var parameterViews: [pacer_tensor] = []
    private var parameterShapes: [UnsafeMutablePointer<Int64>] = []
    private weak var viewedModel: AnyObject?

    /// The opaque pointer handed to plugins.
    var pointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// The context behind a pointer a plugin passed back.
    static func from(_ pointer: OpaquePointer?) -> PluginContext? {
        guard let pointer else { return nil }
        return Unmanaged<PluginContext>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// Views of the runner's model parameters, built once per model.
    func parameters() -> [pacer_tensor] {
        guard let model = runner?.model else { return [] }
        if viewedModel !== model {
            for shape in parameterShapes { shape.deallocate() }
            parameterShapes = []
            parameterViews = model.parameters.map { parameter in
                let shape = UnsafeMutablePointer<Int64>.allocate(capacity: max(parameter.shape.count, 1))
                for (i, extent) in parameter.shape.enumerated() { shape[i] = Int64(extent) }
                parameterShapes.append(shape)
                return TensorView.make(
                    name: strings.pointer(parameter.name), dtype: .float32, shape: parameter.shape,
                    shapeStorage: shape, data: UnsafeMutableRawPointer(parameter.data),
                    grad: parameter.grad.map(UnsafeMutableRawPointer.init))
            }
            viewedModel = model
        }
        return parameterViews
    }

    deinit {
        for shape in parameterShapes { shape.deallocate() }
    }
}
