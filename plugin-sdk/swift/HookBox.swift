import CPacer

/// What a Swift hook instance is to the host: the `void *self` of every
/// vtable call is an `Unmanaged` retained reference to one box.
///
/// The box is a non-generic class so that the `@convention(c)` trampolines,
/// which cannot capture context or generic parameters, can reach the plugin
/// through an existential. It also keeps the host's function table, which
/// the hook-point signatures do not carry but error reporting needs.
final class HookBox {
    /// The plugin instance.
    let plugin: any HookPlugin
    /// The host's function table from `create`; valid for the process.
    let api: UnsafePointer<pacer_host_api>

    /// Boxes a freshly created instance.
    init(plugin: any HookPlugin, api: UnsafePointer<pacer_host_api>) {
        self.plugin = plugin
        self.api = api
    }

    /// The plugin's registry name, for messages.
    var typeName: String { type(of: plugin).typeName }

    /// Hands the box to the host, retained once; `destroy` releases it.
    func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    /// The box behind a `void *self`, not retained again.
    static func borrow(_ pointer: UnsafeMutableRawPointer) -> HookBox {
        Unmanaged<HookBox>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Drops the host's reference; the plugin deinitializes when it was the last.
    static func release(_ pointer: UnsafeMutableRawPointer) {
        Unmanaged<HookBox>.fromOpaque(pointer).release()
    }
}
