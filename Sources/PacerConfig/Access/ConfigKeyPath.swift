/// Where a value sits in a config tree, written the way MMCV's `--cfg-options` writes it:
/// dict keys and list indices joined by dots, as in `custom_hooks.0.type`.
public struct ConfigKeyPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down the tree.
    public enum Component: Sendable, Hashable {
        /// A key of a dictionary.
        case key(String)
        /// A position in a list or tuple, from 0.
        case index(Int)
    }

    /// The steps from the top level, outermost first; empty for the top level itself.
    public var components: [Component]

    /// The path made of `components` (the top level when empty).
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// This path extended by one step.
    public func appending(_ component: Component) -> ConfigKeyPath {
        ConfigKeyPath(components + [component])
    }

    /// The dotted form, such as `custom_hooks.0.type`.
    public var description: String {
        components.map { component in
            switch component {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }.joined(separator: ".")
    }
}
