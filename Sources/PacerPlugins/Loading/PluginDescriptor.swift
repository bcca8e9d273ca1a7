#if canImport(Glibc)
import Glibc
#endif
import CPacer
import Pacer

/// One plugin of a loaded library: its validated descriptor and vtable,
/// copied into host memory.
public struct PluginDescriptor: @unchecked Sendable {
    /// The registry name configs use.
    public let typeName: String
    /// Hook or model.
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

    /// The hook stages the plugin implements (empty for models).
    public var stages: Set<HookStage> {
        guard let table = hookVTable else { return [] }
        return Set(HookStage.allCases.filter { table.function(for: $0) != nil })
    }

    /// Reads and checks descriptor `index` of the library at `path`.
    init(_ raw: UnsafePointer<pacer_plugin_desc>, index: UInt32, path: String,
         abiVersion: (major: UInt32, minor: UInt32)) throws(PluginError) {
        func bad(_ reason: String) -> PluginError {
            .badDescriptor(path: path, reason: "plugin \(index): \(reason)")
        }
        guard let desc = readPluginStruct(raw, zero: pacer_plugin_desc(), minimumSize: ABI10Size.descriptor) else {
            throw bad("struct_size \(raw.pointee.struct_size) is not a 1.x pacer_plugin_desc")
        }
        guard let kind = PluginKind(abiValue: desc.kind) else { throw bad("unknown kind \(desc.kind)") }
        guard let namePointer = desc.type_name else { throw bad("type_name is NULL") }
        let name = String(cString: namePointer)
        guard Self.isValidTypeName(name) else {
            throw bad("type_name '\(name)' must be 1-64 ASCII letters, digits or '_'")
        }
        guard desc.create != nil, desc.destroy != nil, let vtable = desc.vtable else {
            throw bad("\(name): create, destroy and vtable must not be NULL")
        }
        guard desc.required_features == 0 else {
            throw .unsupportedFeatures(path: path, type: name, bits: desc.required_features)
        }
        guard (0...100).contains(desc.default_priority) else {
            throw bad("\(name): default_priority \(desc.default_priority) is outside 0...100")
        }
        typeName = name
        self.kind = kind
        version = desc.version.map { String(cString: $0) } ?? ""
        summary = desc.description.map { String(cString: $0) } ?? ""
        defaultPriority = Int(desc.default_priority)
        self.path = path
        self.abiVersion = abiVersion
        descriptor = desc
        rawDescriptor = raw
        switch kind {
        case .hook:
            guard let table = readPluginStruct(vtable, zero: pacer_hook_vtable(), minimumSize: ABI10Size.hookVTable) else {
                throw bad("\(name): hook vtable struct_size is not a 1.x pacer_hook_vtable")
            }
            hookVTable = table
            modelVTable = nil
        case .model:
            guard let table = readPluginStruct(vtable, zero: pacer_model_vtable(), minimumSize: ABI10Size.modelVTable) else {
                throw bad("\(name): model vtable struct_size is not a 1.x pacer_model_vtable")
            }
            guard table.param_count != nil, table.param_at != nil, table.train_step != nil, table.val_step != nil else {
                throw bad("\(name): param_count, param_at, train_step and val_step must not be NULL")
            }
            hookVTable = nil
            modelVTable = table
        }
    }

    private static func isValidTypeName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 < 128 && isalnum(Int32($0)) != 0) }
    }
}
