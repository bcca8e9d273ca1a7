/// One config file as its reader returns it, before its `_base_` files are applied.
///
/// `entries` holds the file's own keys, `_base_` and `_delete_` included. Where the file
/// writes a `{{ _base_.x }}` reference, `entries` holds the reference's text as a string
/// and `baseReferences` says where, so the loader can put the base's value there.
public struct ParsedConfig: Sendable, Hashable {
    /// The config file, as the user (or the `_base_` entry that led to it) named it.
    public var file: String
    /// The file's top-level keys and values.
    public var entries: ConfigDict
    /// Every `{{ _base_.x }}` reference, in the order they appear in `entries`.
    public var baseReferences: [BaseReference]

    /// A parsed file `file` with `entries` and the `baseReferences` among them.
    public init(file: String, entries: ConfigDict, baseReferences: [BaseReference] = []) {
        self.file = file
        self.entries = entries
        self.baseReferences = baseReferences
    }
}

/// A `{{ _base_.a.b }}` reference: a value to be copied from the merged bases.
///
/// As in MMCV, a reference stands as a whole value (never inside an expression or a
/// string), names dictionary keys only, and is resolved against the bases before the
/// file itself is merged into them.
public struct BaseReference: Sendable, Hashable {
    /// The keys after `_base_`: `["a", "b"]` for `{{ _base_.a.b }}`.
    public var keys: [String]
    /// Where the reference stands in the file's tree.
    public var keyPath: ConfigKeyPath
    /// Where the reference is written in the file.
    public var position: SourcePosition

    /// A reference to `keys` of the bases, standing at `keyPath`, written at `position`.
    public init(keys: [String], keyPath: ConfigKeyPath, position: SourcePosition) {
        self.keys = keys
        self.keyPath = keyPath
        self.position = position
    }

    /// The reference as MMCV spells it: `{{_base_.a.b}}`; also the placeholder string the
    /// reader leaves at `keyPath`.
    public var text: String {
        "{{_base_.\(keys.joined(separator: "."))}}"
    }
}
