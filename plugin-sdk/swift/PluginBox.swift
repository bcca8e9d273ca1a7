import CPacer

/// What a Swift plugin instance is to the host: the `void *self` of every
/// vtable call is an `Unmanaged` retained reference to one box.
///
/// `Instance` is the kind's protocol as an existential (`any HookPlugin`,
/// `any OptimizerPlugin`), so each kind's `@convention(c)` trampolines, which
/// cannot capture context or generic parameters, name one concrete box type.
/// The box also keeps the host's function table, which the vtable
/// signatures do not carry but error reporting needs.
final class PluginBox<Instance> {
    /// The plugin instance.
    let plugin: Instance
    /// The plugin's registry name, for messages.
    let typeName: String
    /// The host's function table from `create`; valid for the process.
    let api: UnsafePointer<pacer_host_api>

    /// Boxes a freshly created instance of the type named `typeName`.
    init(plugin: Instance, typeName: String, api: UnsafePointer<pacer_host_api>) {
        self.plugin = plugin
        self.typeName = typeName
        self.api = api
    }

    /// Hands the box to the host, retained once; `destroy` releases it.
    func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    /// `handle`, or a thrown error naming the NULL handle the host passed.
    func require(_ handle: OpaquePointer?, _ what: String) throws -> OpaquePointer {
        guard let handle else {
            throw PluginFailure("\(typeName): the host passed a NULL \(what)", status: .invalidArgument)
        }
        return handle
    }

    /// Runs `body` on the box behind `pointer`; a thrown error becomes a
    /// status and a message in `err`. What every trampoline does.
    static func call(_ pointer: UnsafeMutableRawPointer?, _ err: OpaquePointer?,
                     _ body: (PluginBox<Instance>) throws -> Void) -> pacer_status {
        guard let pointer else { return PACER_E_INVALID_ARG }
        let box = Unmanaged<PluginBox<Instance>>.fromOpaque(pointer).takeUnretainedValue()
        do {
            try body(box)
            return PACER_OK
        } catch {
            return ErrorReporting.report(error, api: box.api, err: err)
        }
    }

    /// Drops the host's reference; the plugin deinitializes when it was the last.
    static func release(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        Unmanaged<PluginBox<Instance>>.fromOpaque(pointer).release()
    }
}
