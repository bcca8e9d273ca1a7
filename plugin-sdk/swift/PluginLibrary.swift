import CPacer

/// The C description of a plugin library: what `pacer_plugin_entry` returns.
///
/// Create exactly one per shared library, as a global `let`, and return its
/// ``pointer`` from the entry function:
///
/// ```swift
/// private let library = PluginLibrary(hooks: [TextLoggerHook.self])
/// @c(pacer_plugin_entry) public func pacerPluginEntry() -> UnsafePointer<pacer_library> {
///     library.pointer
/// }
/// ```
///
/// Only C data crosses to the host: a `pacer_library`, one
/// `pacer_plugin_desc` and one `pacer_hook_vtable` per type, and their C
/// strings. They are allocated once, when the global is first read, and
/// never freed, since plugin libraries are never unloaded.
///
/// A second `PluginLibrary` in the same shared library traps: the C entry
/// points could not tell the two apart.
public struct PluginLibrary: @unchecked Sendable {
    // @unchecked: the only stored property is a pointer to memory that is
    // written once in `init`, before the pointer is published, and never
    // written or freed afterwards, so sharing it between threads is safe.

    /// The `pacer_library` to return from `pacer_plugin_entry`.
    public let pointer: UnsafePointer<pacer_library>

    /// Describes `hooks`, in order, under ABI `PACER_ABI_MAJOR.PACER_ABI_MINOR`.
    /// `buildTag` is free text the host shows in diagnostics.
    public init(hooks: [any HookPlugin.Type], buildTag: String = "swift PacerPluginKit") {
        let descriptors = UnsafeMutablePointer<pacer_plugin_desc>.allocate(capacity: max(hooks.count, 1))
        for (index, type) in hooks.enumerated() {
            let vtable = UnsafeMutablePointer<pacer_hook_vtable>.allocate(capacity: 1)
            vtable.initialize(to: HookTrampolines.vtable(for: type))
            var desc = pacer_plugin_desc()
            desc.struct_size = UInt32(MemoryLayout<pacer_plugin_desc>.size)
            desc.kind = PACER_KIND_HOOK
            desc.type_name = CStrings.permanent(type.typeName)
            desc.version = CStrings.permanent(type.version)
            desc.description = CStrings.permanent(type.summary)
            desc.default_priority = type.defaultPriority.rawValue
            desc.required_features = 0
            desc.create = CreatePlugin.function
            desc.destroy = HookTrampolines.destroy
            desc.vtable = UnsafeRawPointer(vtable)
            (descriptors + index).initialize(to: desc)
        }
        LibraryRegistry.shared.install(types: hooks, descriptors: descriptors)

        var library = pacer_library()
        library.struct_size = UInt32(MemoryLayout<pacer_library>.size)
        library.abi_major = PACER_ABI_MAJOR
        library.abi_minor = PACER_ABI_MINOR
        library.reserved0 = 0
        library.build_tag = CStrings.permanent(buildTag)
        library.plugin_count = { UInt32(LibraryRegistry.shared.count) }
        library.plugin_at = { LibraryRegistry.shared.descriptor(at: Int($0)) }
        let storage = UnsafeMutablePointer<pacer_library>.allocate(capacity: 1)
        storage.initialize(to: library)
        pointer = UnsafePointer(storage)
    }
}
