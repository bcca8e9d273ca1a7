import CPacer

/// The C description of a plugin library: what `pacer_plugin_entry` returns.
///
/// Create exactly one per shared library, as a global `let`, and return its
/// ``pointer`` from the entry function:
///
/// ```swift
/// private let library = PluginLibraryDescription(hooks: [TextLoggerHook.self])
/// @c(pacer_plugin_entry) public func pacerPluginEntry() -> UnsafePointer<pacer_library> {
///     library.pointer
/// }
/// ```
///
/// Only C data crosses to the host: a `pacer_library`, one
/// `pacer_plugin_desc` per type with its vtable and declared options, and
/// their C strings. They are allocated once, when the global is first read,
/// and never freed, since plugin libraries are never unloaded.
///
/// A second `PluginLibraryDescription` in the same shared library traps: the
/// C entry points could not tell the two apart.
public struct PluginLibraryDescription: @unchecked Sendable {
    // @unchecked: the only stored property is a pointer to memory that is
    // written once in `init`, before the pointer is published, and never
    // written or freed afterwards, so sharing it between threads is safe.

    /// The `pacer_library` to return from `pacer_plugin_entry`.
    public let pointer: UnsafePointer<pacer_library>

    /// Describes `hooks`, `models`, then `optimizers` and `datasets` (ABI
    /// 1.1), in order, under ABI `PACER_ABI_MAJOR.PACER_ABI_MINOR`.
    /// `buildTag` is free text the host shows in diagnostics.
    public init(hooks: [any HookPlugin.Type] = [], models: [any ModelPlugin.Type] = [],
                optimizers: [any OptimizerPlugin.Type] = [], datasets: [any DatasetPlugin.Type] = [],
                buildTag: String = "swift PacerPluginKit") {
        var entries: [LibraryRegistry.Entry] = []
        var descriptors: [pacer_plugin_desc] = []
        for type in hooks {
            let vtable = UnsafeMutablePointer<pacer_hook_vtable>.allocate(capacity: 1)
            vtable.initialize(to: HookTrampolines.vtable(for: type))
            descriptors.append(Self.descriptor(
                of: type, kind: PACER_KIND_HOOK, priority: type.defaultPriority,
                vtable: UnsafeRawPointer(vtable), destroy: HookTrampolines.destroy))
            entries.append(LibraryRegistry.Entry(typeName: type.typeName) { config in
                HookTrampolines.Box(plugin: try type.init(config: config), typeName: type.typeName,
                                    api: config.api).retainedPointer()
            })
        }
        if !models.isEmpty {
            let vtable = UnsafeMutablePointer<pacer_model_vtable>.allocate(capacity: 1)
            vtable.initialize(to: ModelTrampolines.vtable())
            for type in models {
                descriptors.append(Self.descriptor(
                    of: type, kind: PACER_KIND_MODEL, priority: .normal,
                    vtable: UnsafeRawPointer(vtable), destroy: ModelTrampolines.destroy))
                entries.append(LibraryRegistry.Entry(typeName: type.typeName) { config in
                    ModelTrampolines.Box(plugin: ModelTrampolines.Instance(try type.init(config: config)),
                                         typeName: type.typeName, api: config.api).retainedPointer()
                })
            }
        }
        if !optimizers.isEmpty {
            let vtable = UnsafeMutablePointer<pacer_optimizer_vtable>.allocate(capacity: 1)
            vtable.initialize(to: OptimizerTrampolines.vtable())
            for type in optimizers {
                descriptors.append(Self.descriptor(
                    of: type, kind: PACER_KIND_OPTIMIZER, priority: .normal,
                    vtable: UnsafeRawPointer(vtable), destroy: OptimizerTrampolines.destroy))
                entries.append(LibraryRegistry.Entry(typeName: type.typeName) { config in
                    OptimizerTrampolines.Box(plugin: try type.init(config: config), typeName: type.typeName,
                                             api: config.api).retainedPointer()
                })
            }
        }
        for type in datasets {
            let vtable = UnsafeMutablePointer<pacer_dataset_vtable>.allocate(capacity: 1)
            vtable.initialize(to: DatasetTrampolines.vtable(threadSafe: type.isThreadSafe))
            descriptors.append(Self.descriptor(
                of: type, kind: PACER_KIND_DATASET, priority: .normal,
                vtable: UnsafeRawPointer(vtable), destroy: DatasetTrampolines.destroy))
            entries.append(LibraryRegistry.Entry(typeName: type.typeName) { config in
                DatasetTrampolines.Box(plugin: DatasetTrampolines.Instance(try type.init(config: config)),
                                       typeName: type.typeName, api: config.api).retainedPointer()
            })
        }
        let storage = UnsafeMutablePointer<pacer_plugin_desc>.allocate(capacity: max(descriptors.count, 1))
        for (index, desc) in descriptors.enumerated() { (storage + index).initialize(to: desc) }
        LibraryRegistry.shared.install(entries: entries, descriptors: storage)

        var library = pacer_library()
        library.struct_size = UInt32(MemoryLayout<pacer_library>.size)
        library.abi_major = PACER_ABI_MAJOR
        library.abi_minor = PACER_ABI_MINOR
        library.reserved0 = 0
        library.build_tag = CStrings.permanent(buildTag)
        library.plugin_count = { UInt32(LibraryRegistry.shared.count) }
        library.plugin_at = { LibraryRegistry.shared.descriptor(at: Int($0)) }
        let pointer = UnsafeMutablePointer<pacer_library>.allocate(capacity: 1)
        pointer.initialize(to: library)
        self.pointer = UnsafePointer(pointer)
    }

    /// The descriptor of `type`: the fields every kind shares, its declared
    /// options, and the kind's vtable and destroy function.
    private static func descriptor(of type: any PacerPlugin.Type, kind: UInt32, priority: Priority,
                                   vtable: UnsafeRawPointer,
                                   destroy: @escaping @convention(c) (UnsafeMutableRawPointer?) -> Void)
        -> pacer_plugin_desc
    {
        var desc = pacer_plugin_desc()
        desc.struct_size = UInt32(MemoryLayout<pacer_plugin_desc>.size)
        desc.kind = kind
        desc.type_name = CStrings.permanent(type.typeName)
        desc.version = CStrings.permanent(type.version)
        desc.description = CStrings.permanent(type.summary)
        desc.default_priority = priority.rawValue
        desc.required_features = 0
        desc.create = CreatePlugin.function
        desc.destroy = destroy
        desc.vtable = vtable
        let options = PluginOption.permanentTable(type.options)
        desc.option_count = options.count
        desc.reserved1 = 0
        desc.options = options.table
        return desc
    }
}
