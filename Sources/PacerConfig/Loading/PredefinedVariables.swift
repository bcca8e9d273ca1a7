/// MMCV's predefined variables: `{{ fileDirname }}`, `{{ fileBasename }}`,
/// `{{ fileBasenameNoExtension }}` and `{{ fileExtname }}`, each naming the config file
/// being read (a base file names itself, not the file that inherits from it).
///
/// MMCV replaces them in the file's raw text; Pacer replaces them inside each string
/// literal (where MMCV configs write them) and where one stands alone as a whole value,
/// so error positions stay exact. Spaces are allowed inside the braces.
public struct PredefinedVariables: Sendable, Hashable {
    /// The names MMCV defines, in the order it lists them.
    public static let names = ["fileDirname", "fileBasename", "fileBasenameNoExtension", "fileExtname"]

    /// The absolute folder of the file, normalized, as `os.path.dirname(os.path.abspath(f))`.
    public var fileDirname: String
    /// The file's name with its extension: `mlp.py`.
    public var fileBasename: String
    /// The file's name without its extension: `mlp`.
    public var fileBasenameNoExtension: String
    /// The file's extension with its dot: `.py`.
    public var fileExtname: String

    /// The variables of the config file at `path` (relative to the current directory or
    /// absolute).
    public init(path: String) {
        let absolute = FilePath.absolute(path)
        let name = FilePath.baseName(of: absolute)
        let fileExtension = ConfigFile.fileExtension(of: name)
        fileDirname = FilePath.directory(of: absolute)
        fileBasename = name
        fileBasenameNoExtension = String(name.dropLast(fileExtension.count))
        fileExtname = fileExtension
    }

    /// The value of the variable called `name`, or `nil` when MMCV defines no such variable.
    public func value(of name: String) -> String? {
        switch name {
        case "fileDirname": fileDirname
        case "fileBasename": fileBasename
        case "fileBasenameNoExtension": fileBasenameNoExtension
        case "fileExtname": fileExtname
        default: nil
        }
    }

    /// `text` with every `{{ name }}` of a predefined variable replaced by its value.
    public func substitute(in text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        var copied = 0
        while index < bytes.count {
            if let brace = BraceExpression.scan(bytes, at: index), let value = value(of: brace.word) {
                output += bytes[copied..<index]
                output += value.utf8
                index = brace.end
                copied = index
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }
}
