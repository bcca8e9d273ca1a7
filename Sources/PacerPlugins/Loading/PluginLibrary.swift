#if canImport(Glibc)
import Glibc
#endif
import CPacer

/// Opens one plugin library and reads its descriptors. Libraries are opened
/// with RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE and never closed: unloading a
/// Swift library crashes the next dynamic cast in the process.
enum PluginLibrary {
    /// The plugins in the library at absolute `path`.
    static func open(_ path: String) throws(PluginError) -> [PluginDescriptor] {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw .notLoadable(path: path, reason: lastDLError())
        }
        guard let symbol = dlsym(handle, PACER_ENTRY_SYMBOL) else { throw .missingEntry(path: path) }
        let entry = unsafeBitCast(symbol, to: pacer_plugin_entry_fn.self)
        guard let raw = entry() else {
            throw .badDescriptor(path: path, reason: "pacer_plugin_entry returned NULL")
        }
        guard let library = readPluginStruct(raw, zero: pacer_library(), minimumSize: ABI10Size.library) else {
            throw .badDescriptor(path: path, reason: "struct_size \(raw.pointee.struct_size) is not a 1.x pacer_library")
        }
        guard library.abi_major == HostABI.major else {
            throw .abiMismatch(path: path, major: library.abi_major, minor: library.abi_minor)
        }
        guard let count = library.plugin_count, let at = library.plugin_at else {
            throw .badDescriptor(path: path, reason: "plugin_count and plugin_at must not be NULL")
        }
        let total = count()
        guard total <= 1024 else {
            throw .badDescriptor(path: path, reason: "plugin_count \(total) is implausible")
        }
        var plugins: [PluginDescriptor] = []
        for index in 0..<total {
            guard let descriptor = at(index) else {
                throw .badDescriptor(path: path, reason: "plugin_at(\(index)) returned NULL below plugin_count")
            }
            plugins.append(try PluginDescriptor(
                descriptor, index: index, path: path,
                abiVersion: (library.abi_major, library.abi_minor)))
        }
        return plugins
    }

    private static func lastDLError() -> String {
        guard let message = dlerror() else { return "unknown dlopen error" }
        return String(cString: message)
    }
}
