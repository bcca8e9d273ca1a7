import CPacer
import PacerConfig

/// What a `pacer_config *` points at: one plugin instance's config dict,
/// readable by dotted paths ("hidden.1"). Strings handed out live as long
/// as the view, which outlives create().
public final class PluginConfigView {
    /// The config dict of the instance.
    public let entries: ConfigDict
    let strings = CStringTable()

    /// A view of `entries`.
    public init(_ entries: ConfigDict) { self.entries = entries }

    var pointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    static func from(_ pointer: OpaquePointer?) -> PluginConfigView? {
        guard let pointer else { return nil }
        return Unmanaged<PluginConfigView>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    /// The value at a dotted path: dict keys, and list indices as numbers.
    func value(at path: String) -> ConfigValue? {
        var current = ConfigValue.dict(entries)
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
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
