import CPacer
import Pacer

/// The calls shared by hook and model plugin instances.
enum PluginInstance {
    /// Calls the descriptor's create() with the plugin's config.
    static func create(_ descriptor: PluginDescriptor, config: PluginConfigView,
                       errorSlot: ErrorSlot) throws(PluginError) -> UnsafeMutableRawPointer {
        var instance: UnsafeMutableRawPointer?
        let status = descriptor.descriptor.create!(descriptor.rawDescriptor, HostAPI.table, config.pointer, &instance, errorSlot.pointer)
        guard status == PACER_OK, let instance else {
            let message = status == PACER_OK ? "create returned no instance" : errorSlot.take(status: status)
            throw .createFailed(type: descriptor.typeName, path: descriptor.path, message: message)
        }
        return instance
    }

    /// Calls a save_state or load_state function, if the plugin has one.
    static func transferState(_ function: pacer_state_fn?, instance: UnsafeMutableRawPointer,
                              state: StateDict, prefix: String, type: String, call: String,
                              errorSlot: ErrorSlot) throws(PluginError) {
        guard let function else { return }
        let io = StateIO(state: state, prefix: prefix)
        let status = function(instance, io.pointer, errorSlot.pointer)
        if status != PACER_OK {
            throw .callFailed(type: type, call: call, message: errorSlot.take(status: status))
        }
    }
}
