import PacerPlugins

/// A dataset that could not be read. Every case names the file.
public enum DataError: Error, CustomStringConvertible, Equatable {
    /// The file is missing or unreadable.
    case unreadable(path: String, hint: String)
    /// The file is not in the expected format.
    case malformed(path: String, reason: String)
    /// Images and labels disagree.
    case mismatch(images: String, labels: String, reason: String)
    /// An option of the dataset is out of range.
    case invalidOption(String)
    /// A dataset plugin failed to fill a sample (its error names the
    /// plugin file and the index).
    case plugin(PluginError)

    /// One line naming the file and what to fix.
    public var description: String {
        switch self {
        case .unreadable(let path, let hint): return "\(path): cannot be read (\(hint))"
        case .malformed(let path, let reason): return "\(path): \(reason)"
        case .mismatch(let images, let labels, let reason): return "\(images) and \(labels): \(reason)"
        case .invalidOption(let reason): return reason
        case .plugin(let error): return error.description
        }
    }
}
