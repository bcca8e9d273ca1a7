import CPacer
import PacerPluginKit

/// The library's plugin types.
private let library = PluginLibraryDescription(hooks: [TextLoggerHook.self])

/// The one exported symbol: the host reads the library description here.
@c(pacer_plugin_entry)
public func pacerPluginEntry() -> UnsafePointer<pacer_library> {
    library.pointer
}
