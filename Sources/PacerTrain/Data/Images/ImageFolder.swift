import Glibc

/// Listing of an image folder the way mmcls 0.x's `find_folders` and
/// `get_samples` walk it (through mmcv's `FileClient.list_dir_or_file`):
/// names sorted by code point as Python sorts them, hidden entries
/// included, symbolic links followed.
enum ImageFolder {
    /// The names of the sub-folders of `path`, sorted.
    static func subfolders(of path: String) throws(DataError) -> [String] {
        try entries(of: path).filter(\.isFolder).map(\.name).sorted(by: codePointOrder)
    }

    /// The paths, relative to `path`, of the files anywhere under it whose
    /// lowercased names end with one of `extensions` (lowercase), sorted.
    static func files(under path: String, extensions: [String]) throws(DataError) -> [String] {
        var found: [String] = []
        try collect(path, relative: "", extensions: extensions, into: &found)
        return found.sorted(by: codePointOrder)
    }

    /// Python's string order: by Unicode code point, which UTF-8 byte order
    /// preserves.
    static func codePointOrder(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    private static func collect(_ path: String, relative: String, extensions: [String],
                                into found: inout [String]) throws(DataError) {
        for entry in try entries(of: path) {
            let name = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.isFolder {
                try collect(path + "/" + entry.name, relative: name, extensions: extensions, into: &found)
            } else {
                let lowered = name.lowercased()
                if extensions.contains(where: { lowered.hasSuffix($0) }) { found.append(name) }
            }
        }
    }

    /// The entries of the folder `path` (without `.` and `..`), each marked
    /// as a folder or not (a link counts as what it points to).
    private static func entries(of path: String) throws(DataError) -> [(name: String, isFolder: Bool)] {
        guard let folder = opendir(path) else {
            throw .unreadable(path: path, hint: String(cString: strerror(errno)) + "; data_prefix must be a folder")
        }
        defer { closedir(folder) }
        var entries: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            let type = Int(entry.pointee.d_type)
            if type == Int(DT_DIR) || type == Int(DT_REG) {
                entries.append((name, type == Int(DT_DIR)))
            } else {
                var status = stat()
                entries.append((name, stat(path + "/" + name, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR))
            }
        }
        return entries
    }
}
