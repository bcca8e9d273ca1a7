/// The plugin loader's path rules, for a shared library that a config
/// names by path but that is not a plugin (a ClosureHook's `library`): it
/// runs with the runner's rights just the same.
public enum LibraryPath {
    /// `path` made absolute and free of symlinks: a relative `path` is taken
    /// from `folder`, or from the current directory when `folder` is nil.
    /// Throws `.missingFile` when no regular file is there, and the trust
    /// problem (`PathSecurity.fileProblem`: the file, a folder above it or a
    /// library it pulls in owned by another user or writable by group or
    /// others) unless `allowInsecure`.
    public static func resolve(_ path: String, relativeTo folder: String?,
                               allowInsecure: Bool) throws(PluginError) -> String {
        let joined = path.hasPrefix("/") || folder == nil ? path : folder! + "/" + path
        guard let resolved = PathSecurity.resolved(joined), PathSecurity.isRegularFile(resolved) else {
            throw .missingFile(PathSecurity.absolute(joined))
        }
        if !allowInsecure, let problem = PathSecurity.fileProblem(resolved) { throw problem }
        return resolved
    }
}
