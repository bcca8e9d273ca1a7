/// How periodic checkpoints are named: MMCV's `filename_tmpl`, a file name
/// with `{}` where the epoch or iteration number goes (`epoch_{}.safetensors`).
public struct CheckpointName: Sendable, Equatable {
    /// What comes before the number.
    public let prefix: String
    /// What comes after it, ending in `.safetensors`.
    public let suffix: String

    /// `<prefix>N.safetensors`.
    public init(prefix: String) {
        self.prefix = prefix
        suffix = ".safetensors"
    }

    /// The name `template` describes, or nil unless it holds `{}` exactly
    /// once, ends in `.safetensors` and names no folder.
    public init?(template: String) {
        let parts = template.components(separatedBy: "{}")
        guard parts.count == 2, parts[1].hasSuffix(".safetensors"), !template.contains("/") else { return nil }
        prefix = parts[0]
        suffix = parts[1]
    }

    /// The file name for epoch or iteration `number`.
    public func file(_ number: Int) -> String { prefix + String(number) + suffix }

    /// The number in `file`, if this template names it.
    public func number(in file: String) -> Int? {
        guard file.hasPrefix(prefix), file.hasSuffix(suffix), file.count > prefix.count + suffix.count else { return nil }
        return Int(file.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
