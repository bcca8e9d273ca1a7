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
    private var parameterViews: ParameterViews?
    private weak var viewedModel: AnyObject?

    /// The opaque pointer handed to plugins.
    var pointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// The context behind a pointer a plugin passed back.
    static func from(_ pointer: OpaquePointer?) -> PluginContext? {
        guard let pointer else { return nil }
        return Unmanaged<PluginContext>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// Views of the runner's model parameters, built once per model.
    func parameters() -> UnsafeMutableBufferPointer<pacer_tensor> {
        guard let model = runner?.model else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        if let views = parameterViews, viewedModel === model { return views.views }
        let views = ParameterViews(model.parameters)
        parameterViews = views
        viewedModel = model
        return views.views
    }
}
