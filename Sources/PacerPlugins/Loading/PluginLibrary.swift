#if canImport(Glibc)
import Glibc
#endif
import CPacer

/// Opens one plugin library and reads its descriptors. Libraries are opened
/// with RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE and never closed: unloading a
/// Swift library crashes the next dynamic cast in the process.
enum PluginLibrary {
    /// The plugins in the library at absolute `path`; throws the first
    /// problem found.
    static func open(_ path: String) throws(PluginError) -> [PluginDescriptor] {
        let report = inspect(path)
        if let problem = report.problems.first { throw problem }
        return report.plugins
    }

    /// Opens the library at absolute `path` and runs every check on it,
    /// collecting every problem instead of stopping at the first.
    static func inspect(_ path: String) -> LibraryReport {
        var report = LibraryReport(path: path)
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            report.problems.append(.notLoadable(path: path, reason: lastDLError()))
            return report
        }
        guard let symbol = dlsym(handle, PACER_ENTRY_SYMBOL) else {
            report.problems.append(.missingEntry(path: path))
            return report
        }
        let entry = unsafeBitCast(symbol, to: pacer_plugin_entry_fn.self)
        guard let raw = entry() else {
            report.problems.append(.badDescriptor(path: path, reason: "pacer_plugin_entry returned NULL"))
            return report
        }
        guard let library = readPluginStruct(raw, zero: pacer_library(), minimumSize: ABI10Size.library) else {
            let size = UnsafeRawPointer(raw).load(as: UInt32.self)
            report.problems.append(.badDescriptor(path: path, reason: "struct_size \(size) is not a 1.x pacer_library "
                + "(\(ABI10Size.library)...\(HostABI.maxStructSize) bytes)"))
            return report
        }
        report.abiVersion = (library.abi_major, library.abi_minor)
        report.buildTag = library.build_tag.map { String(cString: $0) }
        guard library.abi_major == HostABI.major else {
            report.problems.append(.abiMismatch(path: path, major: library.abi_major, minor: library.abi_minor))
            return report
        }
        guard let count = library.plugin_count, let at = library.plugin_at else {
            report.problems.append(.badDescriptor(path: path, reason: "plugin_count and plugin_at must not be NULL"))
            return report
        }
        let total = count()
        guard total <= HostABI.maxPluginCount else {
            report.problems.append(.badDescriptor(
                path: path, reason: "plugin_count \(total) is implausible (at most \(HostABI.maxPluginCount))"))
            return report
        }
        var names = Set<String>()
        for index in 0..<total {
            guard let descriptor = at(index) else {
                report.problems.append(.badDescriptor(
                    path: path, reason: "plugin_at(\(index)) returned NULL below plugin_count \(total)"))
                continue
            }
            let check = DescriptorCheck(descriptor, index: index, path: path)
            report.problems += check.problems
            guard check.problems.isEmpty else { continue }
            let plugin = PluginDescriptor(checked: check, raw: descriptor, path: path, abiVersion: report.abiVersion!)
            guard names.insert(plugin.typeName).inserted else {
                report.problems.append(.duplicateType(type: plugin.typeName, first: path, second: path))
                continue
            }
            report.plugins.append(plugin)
        }
        return report
    }

    private static func lastDLError() -> String {
        guard let message = dlerror() else { return "unknown dlopen error" }
        return String(cString: message)
    }
}
