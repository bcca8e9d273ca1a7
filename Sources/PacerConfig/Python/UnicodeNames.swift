/// Unicode character names, for Python's `\N{NAME}` escapes.
enum UnicodeNames {
    /// The scalar Unicode names `name` (compared in upper case, as Python does), or the
    /// scalar whose name alias it is; `nil` when no character has that name.
    static func scalar(named name: String) -> Unicode.Scalar? {
        table[name.uppercased()]
    }

    /// Every named scalar by its name and its alias; built on first use.
    private static let table: [String: Unicode.Scalar] = {
        var table: [String: Unicode.Scalar] = [:]
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let name = scalar.properties.name { table[name] = scalar }
            if let alias = scalar.properties.nameAlias { table[alias] = scalar }
        }
        return table
    }()
}
