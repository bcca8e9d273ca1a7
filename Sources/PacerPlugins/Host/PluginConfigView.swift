import CPacer
import PacerConfig

/// What a `pacer_config *` points at: one plugin instance's config dict,
/// readable by dotted paths ("hidden.1"). Strings handed out live as long
/// as the view, which outlives create(). The view records which top-level
/// keys the plugin asked for, so the host can refuse a key no plugin code
/// ever looked at (a typo) when the plugin declares no options.
public final class PluginConfigView {
    /// The config dict of the instance, with its file and key path.
    public let section: ConfigSection
    let strings = CStringTable()
    /// Top-level keys the plugin asked for, present or not, in first-asked order.
    public private(set) var askedKeys: [String] = []
    /// Whether the plugin read the whole dict (cfg_json).
    public private(set) var readWholeDict = false

    /// A view of `section`.
    public init(_ section: ConfigSection) { self.section = section }

    /// A view of `entries` given by a Swift program (no config file).
    public convenience init(_ entries: ConfigDict) {
        self.init(ConfigSection(file: "<swift>", keyPath: ConfigKeyPath(), entries: entries))
    }

    /// The config dict of the instance.
    public var entries: ConfigDict { section.entries }

    /// The keys of the dict the plugin never asked for, besides `type` and
    /// `priority` (the host's), sorted; empty once it read the whole dict.
    public var unaskedKeys: [String] {
        guard !readWholeDict else { return [] }
        return entries.keys.filter { !askedKeys.contains($0) && $0 != "type" && $0 != "priority" }.sorted()
    }

    var pointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    static func from(_ pointer: OpaquePointer?) -> PluginConfigView? {
        guard let pointer else { return nil }
        return Unmanaged<PluginConfigView>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// Marks that the plugin read the whole dict as JSON.
    func noteWholeDictRead() { readWholeDict = true }

    /// The value at a dotted path: dict keys, and list indices as numbers.
    /// Records the path's first key as asked for.
    func value(at path: String) -> ConfigValue? {
        let components = path.split(separator: ".", omittingEmptySubsequences: false)
        if let first = components.first.map(String.init), !askedKeys.contains(first) { askedKeys.append(first) }
        var current = ConfigValue.dict(entries)
        for component in components {
            switch current {
            case .dict(let dict):
                guard let next = dict[String(component)] else { return nil }
                current = next
            case .list(let items), .tuple(let items):
                guard let index = Int(component), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
