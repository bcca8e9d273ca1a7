import CPacer
import Pacer

/// One plugin of a loaded library: its validated descriptor and vtable,
/// copied into host memory.
public struct PluginDescriptor: @unchecked Sendable {
    /// The registry name configs use.
    public let typeName: String
    /// Hook, model, optimizer, dataset or communication backend.
    public let kind: PluginKind
    /// The plugin's own version.
    public let version: String
    /// One line from the plugin.
    public let summary: String
    /// The priority used when the config gives none.
    public let defaultPriority: Int
    /// Absolute path of the library file.
    public let path: String
    /// The ABI version the library was built against.
    public let abiVersion: (major: UInt32, minor: UInt32)
    let descriptor: pacer_plugin_desc
    /// The plugin's own descriptor, passed back to its create().
    let rawDescriptor: UnsafePointer<pacer_plugin_desc>
    let hookVTable: pacer_hook_vtable?
    let modelVTable: pacer_model_vtable?
    let optimizerVTable: pacer_optimizer_vtable?
    let datasetVTable: pacer_dataset_vtable?
    let commVTable: pacer_comm_vtable?
    /// The config keys the plugin declares (ABI 1.1); empty when it
    /// declares none, and the host then checks the keys it reads.
    public let options: [DeclaredOption]

    /// The hook stages the plugin implements (empty for models).
    public var stages: Set<HookStage> {
        guard let table = hookVTable else { return [] }
        return Set(HookStage.allCases.filter { table.function(for: $0) != nil })
    }

    /// What a hook implements, by MMCV name in vtable order: its hook
    /// stages, then `save_state` and `load_state` when present. Empty for models.
    public var points: [String] {
        guard let table = hookVTable else { return [] }
        return HookStage.allCases.filter { table.function(for: $0) != nil }.map(\.name)
            + (table.save_state != nil ? ["save_state"] : []) + (table.load_state != nil ? ["load_state"] : [])
    }

    /// For a dataset: whether the host serialises its get_item calls
    /// (`PACER_DATASET_SERIAL`); false for every other kind.
    public var isSerialDataset: Bool {
        (datasetVTable?.flags ?? 0) & UInt32(PACER_DATASET_SERIAL) != 0
    }

    /// Reads and checks descriptor `index` of the library at `path`,
    /// throwing the first problem found.
    init(_ raw: UnsafePointer<pacer_plugin_desc>, index: UInt32, path: String,
         abiVersion: (major: UInt32, minor: UInt32)) throws(PluginError) {
        let checked = DescriptorCheck(raw, index: index, path: path)
        if let problem = checked.problems.first { throw problem }
        self.init(checked: checked, raw: raw, path: path, abiVersion: abiVersion)
    }

    /// A descriptor from a check that found no problem.
    init(checked: DescriptorCheck, raw: UnsafePointer<pacer_plugin_desc>, path: String,
         abiVersion: (major: UInt32, minor: UInt32)) {
        let desc = checked.descriptor!
        typeName = checked.typeName!
        kind = checked.kind!
        version = desc.version.map { String(cString: $0) } ?? ""
        summary = desc.description.map { String(cString: $0) } ?? ""
        defaultPriority = Int(desc.default_priority)
        self.path = path
        self.abiVersion = abiVersion
        descriptor = desc
        rawDescriptor = raw
        hookVTable = checked.hookVTable
        modelVTable = checked.modelVTable
        optimizerVTable = checked.optimizerVTable
        datasetVTable = checked.datasetVTable
        commVTable = checked.commVTable
        options = checked.options
    }
}
