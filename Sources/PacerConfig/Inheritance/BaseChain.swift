/// Loads a config and its `_base_` files depth first, as MMCV's `Config._file2dict` does,
/// remembering the files being read so a cycle is an error instead of endless recursion.
struct BaseChain {
    /// The files being read, outermost first: as named for the user, and resolved.
    private var reading: [(display: String, canonical: String)] = []
    /// The warnings MMCV gives while reading, in its words, in the order met.
    private(set) var notes: [String] = []
    /// The merged entries of each base file already loaded, by its absolute path: a file
    /// that several bases share (a diamond) is read and parsed once.
    private var loaded: [String: ConfigDict] = [:]

    /// The merged entries of the file with text `bytes`, named `display` in messages and
    /// found at `open` (relative to the current directory or absolute).
    mutating func load(_ bytes: [UInt8], display: String, open: String) throws(ConfigError) -> ConfigDict {
        let canonical = FilePath.canonical(open) ?? FilePath.absolute(open)
        if let start = reading.firstIndex(where: { $0.canonical == canonical }), let referrer = reading.last {
            let chain = reading[start...].map(\.display) + [display]
            throw ConfigError(file: referrer.display, problem: .baseCycle(chain: chain))
        }
        reading.append((display, canonical))
        defer { reading.removeLast() }

        let parsed = try ConfigLoader.parse(bytes, file: display, variables: PredefinedVariables(path: open))
        var entries = parsed.entries
        if let deprecation = entries["_deprecation_"] {
            entries["_deprecation_"] = nil
            notes.append(Self.deprecationWarning(deprecation, file: FilePath.absolute(open)))
        }
        guard let baseValue = entries["_base_"] else {
            if let reference = parsed.baseReferences.first {
                throw reference.failure("this file has no _base_ to take it from", file: display)
            }
            return entries.removingDeleteKeys
        }
        entries["_base_"] = nil
        let bases = try loadBases(try Self.basePaths(baseValue, file: display), display: display, open: open)
        for reference in parsed.baseReferences {
            entries.replace(at: reference.keyPath.components[...], with: try reference.value(in: bases, file: display))
        }
        do {
            return try ConfigMerge.merge(entries, into: bases, allowListKeys: false).removingDeleteKeys
        } catch {
            guard case .notADictionary(let path, let found) = error else {
                preconditionFailure("list keys are off when merging bases")
            }
            throw ConfigError(file: display, problem: .cannotInherit(path, found: found))
        }
    }

    /// The union of the `bases` of the file `display` (at `open`), in order; a top-level
    /// key may come from one base only.
    private mutating func loadBases(_ bases: [String], display: String, open: String) throws(ConfigError) -> ConfigDict {
        var union = ConfigDict()
        var origins: [String: String] = [:]
        for base in bases {
            let baseOpen = FilePath.join(FilePath.directory(of: open), base)
            let baseDisplay = FilePath.normalized(FilePath.join(FilePath.directory(of: display), base))
            for (key, value) in try loadBase(base, display: baseDisplay, open: baseOpen, referrer: display) {
                if let first = origins[key] {
                    throw ConfigError(file: display, problem: .duplicateBaseKey(key: key, first: first, second: baseDisplay))
                }
                origins[key] = baseDisplay
                union[key] = value
            }
        }
        return union
    }

    /// The warning MMCV 1.7.2 gives for a file holding `_deprecation_`.
    private static func deprecationWarning(_ info: ConfigValue, file: String) -> String {
        var warning = "The config file \(file) will be deprecated in the future."
        if case .dict(let dict) = info {
            if let expected = dict["expected"] { warning += " Please use \(pythonText(expected)) instead." }
            if let reference = dict["reference"] { warning += " More information can be found at \(pythonText(reference))" }
        }
        return warning
    }

    /// `value` as text: a string itself, anything else as JSON.
    private static func pythonText(_ value: ConfigValue) -> String {
        if case .string(let string) = value { return string }
        return value.description
    }

    /// The merged entries of the base file `base` (named `display`, found at `open`), named
    /// by `referrer`; read and parsed once however many files name it.
    private mutating func loadBase(_ base: String, display: String, open: String, referrer: String) throws(ConfigError)
        -> ConfigDict
    {
        let key = FilePath.absolute(open)
        if let entries = loaded[key] { return entries }
        let bytes: [UInt8]
        do {
            bytes = try ConfigFile.contents(of: open, name: display)
        } catch where error.problem == .noSuchFile {
            throw ConfigError(file: referrer, problem: .missingBase(base: base, resolved: display))
        }
        let entries = try load(bytes, display: display, open: open)
        loaded[key] = entries
        return entries
    }

    /// The paths a `_base_` value names: one string, or a list or tuple of strings.
    private static func basePaths(_ value: ConfigValue, file: String) throws(ConfigError) -> [String] {
        let path = ConfigKeyPath([.key("_base_")])
        switch value {
        case .string(let base):
            return [base]
        case .list(let items), .tuple(let items):
            var bases: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let base) = item else {
                    throw ConfigError(
                        file: file, problem: .wrongType(path.appending(.index(index)), expected: "a path", found: item))
                }
                bases.append(base)
            }
            return bases
        default:
            throw ConfigError(file: file, problem: .wrongType(path, expected: "a path or a list of paths", found: value))
        }
    }
}
