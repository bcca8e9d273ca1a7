#if canImport(Glibc)
import Glibc
#endif

/// The libraries the dynamic loader would pull in along with a plugin, and
/// the folders it would find them through, checked by `PathSecurity`'s
/// rules before the plugin is opened (its constructors run at `dlopen`,
/// so nothing can be checked after). Read from the ELF file, as `ld.so`
/// searches: a DT_NEEDED name with a slash is a path; a bare one is looked
/// up in DT_RPATH (when there is no DT_RUNPATH), `LD_LIBRARY_PATH`, then
/// DT_RUNPATH (`$ORIGIN` being the library's folder), and otherwise in the
/// system's folders, which root owns. Every RPATH/RUNPATH and
/// `LD_LIBRARY_PATH` folder must pass the rules, and so must every library
/// found in them, and what those pull in, in turn.
enum LibraryDependencies {
    /// The first problem with what `path` (absolute, symlinks resolved)
    /// would pull in, or nil.
    static func problem(of path: String) -> PluginError? {
        let searchFolders = environmentFolders()
        for folder in searchFolders {
            if let problem = folderProblem(folder) {
                return .insecureDependency(library: path, via: "LD_LIBRARY_PATH entry \(folder)", problem: problem)
            }
        }
        var visited: Set<String> = [path]
        return problem(of: path, library: path, environment: searchFolders, visited: &visited, depth: 0)
    }

    /// The dynamic section's names: libraries needed and search folders.
    struct DynamicSection: Equatable {
        /// DT_NEEDED entries, in order.
        var needed: [String] = []
        /// DT_RPATH folders (colon-separated in the file).
        var rpath: [String] = []
        /// DT_RUNPATH folders.
        var runpath: [String] = []
        /// False when the file is an ELF image whose dynamic section could
        /// not be read whole: nothing about it can be trusted.
        var complete = true
    }

    /// The dynamic section of the 64-bit little-endian ELF file at `path`,
    /// or nil when it is not one (the loader then refuses it itself). Only
    /// the headers, the dynamic section and the strings it names are read.
    static func dynamicSection(of path: String) -> DynamicSection? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return dynamicSection { offset, count in
            var bytes = [UInt8](repeating: 0, count: count)
            let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            return read < 0 ? nil : Array(bytes[0..<read])
        }
    }

    // MARK: - The walk

    private static func problem(of file: String, library: String, environment: [String],
                                visited: inout Set<String>, depth: Int) -> PluginError? {
        guard depth < 16, let section = dynamicSection(of: file) else { return nil }
        guard section.complete else {
            return .insecureDependency(library: library, via: "\(file)'s dynamic section",
                                       problem: .notLoadable(path: file, reason: "it cannot be read whole"))
        }
        let origin = PathSecurity.folder(of: file)
        let rpath = section.runpath.isEmpty ? section.rpath.map { expand($0, origin: origin) } : []
        let runpath = section.runpath.map { expand($0, origin: origin) }
        for (entries, kind) in [(rpath, "RPATH"), (runpath, "RUNPATH")] {
            for folder in entries {
                if let problem = folderProblem(folder) {
                    return .insecureDependency(library: library, via: "\(file) has \(kind) entry \(folder)", problem: problem)
                }
            }
        }
        for name in section.needed {
            guard let found = locate(name, in: rpath + environment + runpath, relativeTo: origin) else { continue }
            if let problem = PathSecurity.problem(found) {
                return .insecureDependency(library: library, via: "\(file) needs \(name), found at \(found)", problem: problem)
            }
            if visited.insert(found).inserted,
               let problem = problem(of: found, library: library, environment: environment, visited: &visited,
                                     depth: depth + 1) {
                return problem
            }
        }
        return nil
    }

    /// The file `name` names (resolved), searching `folders` for a bare
    /// name; nil when it is not there (the system folders then serve it).
    private static func locate(_ name: String, in folders: [String], relativeTo origin: String) -> String? {
        if name.contains("/") { return PathSecurity.resolved(name) }
        for folder in folders {
            if let file = PathSecurity.resolved(folder + "/" + name), PathSecurity.isRegularFile(file) { return file }
        }
        return nil
    }

    /// The problem with a search folder, when it exists.
    private static func folderProblem(_ folder: String) -> PluginError? {
        PathSecurity.resolved(folder).flatMap(PathSecurity.problem)
    }

    /// `LD_LIBRARY_PATH`'s folders as `ld.so` reads them (`:` or `;`
    /// separated; an empty entry is the current directory).
    private static func environmentFolders() -> [String] {
        guard let value = getenv("LD_LIBRARY_PATH") else { return [] }
        let text = String(cString: value)
        guard !text.isEmpty else { return [] }
        return text.split(separator: ":", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ";", omittingEmptySubsequences: false) }
            .map { $0.isEmpty ? PathSecurity.absolute(".") : PathSecurity.absolute(String($0)) }
    }

    /// `entry` with `$ORIGIN` and `${ORIGIN}` replaced by `origin`.
    private static func expand(_ entry: String, origin: String) -> String {
        let expanded = entry.replacingAll("${ORIGIN}", with: origin).replacingAll("$ORIGIN", with: origin)
        return PathSecurity.absolute(expanded)
    }

    // MARK: - ELF

    /// The dynamic section's names in an ELF image that `read(offset, count)`
    /// returns bytes of (fewer at its end); every offset and size is
    /// checked, so a damaged file gives nil or fewer names, never a trap.
    static func dynamicSection(read: (Int, Int) -> [UInt8]?) -> DynamicSection? {
        func integer(_ bytes: [UInt8], _ offset: Int, _ size: Int) -> Int? {
            guard offset >= 0, offset + size <= bytes.count else { return nil }
            let value = bytes[offset..<(offset + size)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return value > UInt64(Int32.max) * 1024 ? nil : Int(value)
        }
        guard let header = read(0, 64), header.count == 64, header[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]),
              header[4] == 2, header[5] == 1
        else { return nil }
        let damaged = DynamicSection(complete: false)
        guard let tableOffset = integer(header, 0x20, 8), let entrySize = integer(header, 0x36, 2),
              let count = integer(header, 0x38, 2), entrySize >= 56, count <= 4096,
              let table = read(tableOffset, entrySize * count), table.count == entrySize * count
        else { return damaged }
        var loads: [(address: Int, offset: Int, size: Int)] = []
        var dynamic: (address: Int, size: Int)?
        for index in 0..<count {
            let at = index * entrySize
            guard let type = integer(table, at, 4), let offset = integer(table, at + 8, 8),
                  let address = integer(table, at + 16, 8), let size = integer(table, at + 32, 8)
            else { return damaged }
            if type == 1 { loads.append((address, offset, size)) }
            if type == 2 { dynamic = (address, size) }
        }
        // The loader reads the dynamic section and its strings at their addresses, so they are found
        // through the loadable segments, as it maps them.
        func fileOffset(of address: Int) -> Int? {
            loads.first { $0.address <= address && address - $0.address < $0.size }
                .map { address - $0.address + $0.offset }
        }
        guard let dynamic else { return DynamicSection() }
        guard dynamic.size <= 1 << 20, let start = fileOffset(of: dynamic.address),
              let raw = read(start, dynamic.size), raw.count == dynamic.size
        else { return damaged }
        var entries: [(tag: Int, value: Int)] = []
        var stringTable: Int?
        for entry in stride(from: 0, to: raw.count - 15, by: 16) {
            // Only the tags read here need values in range; any other tag's value is skipped, never trusted.
            let tag = integer(raw, entry, 8)
            if tag == 0 { break }
            guard let tag, [1, 5, 15, 29].contains(tag) else { continue }
            guard let value = integer(raw, entry + 8, 8) else { return damaged }
            if tag == 5 { stringTable = value }
            entries.append((tag, value))
        }
        guard !entries.allSatisfy({ $0.tag == 5 }) else { return DynamicSection() }
        guard let tableAddress = stringTable, let strings = fileOffset(of: tableAddress) else { return damaged }
        func string(at offset: Int) -> String? {
            guard offset >= 0, let bytes = read(strings + offset, 1 << 16), let end = bytes.firstIndex(of: 0) else { return nil }
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
        var section = DynamicSection()
        for (tag, value) in entries where tag != 5 {
            guard let text = string(at: value) else { return damaged }
            switch tag {
            case 1: section.needed.append(text)
            case 15: section.rpath += text.split(separator: ":").map(String.init)
            default: section.runpath += text.split(separator: ":").map(String.init)
            }
        }
        return section
    }
}

extension String {
    /// The text with every `target` replaced by `replacement`.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
