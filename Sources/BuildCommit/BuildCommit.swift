import Foundation
import PackagePlugin

/// Stamps the git commit Pacer is built from into the `Pacer` module, as
/// `let buildCommit = "1a2b3c4d5e6f"` (`-dirty` when tracked files differ
/// from it; `unknown` outside a git checkout, such as an unpacked tarball,
/// or without git). A prebuild command: it runs at every build, takes a
/// few milliseconds, and rewrites the file only when the stamp changes, so
/// an incremental build recompiles nothing for it.
@main
struct BuildCommit: BuildToolPlugin {
    /// The shell script: `$1` the package folder, `$2` the file to write.
    /// Asks git only when the package folder is the top of its checkout
    /// (not a tarball unpacked inside another repository), never takes
    /// git's index lock, needs nothing but `sh` (and git when there), and
    /// never fails the build.
    static let script = #"""
        commit=unknown
        if top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null) \
            && [ "$(cd "$top" && pwd -P)" = "$(cd "$1" && pwd -P)" ] \
            && head=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null); then
          commit=$head
          changes=$(git --no-optional-locks -C "$1" status --porcelain --untracked-files=no 2>/dev/null) || changes=
          [ -z "$changes" ] || commit="$commit-dirty"
        fi
        text=$(printf '/// The git commit this build of Pacer was made from (see PacerVersion.commit).\nlet buildCommit = "%s"' \
          "$commit")
        [ "$(cat "$2" 2>/dev/null)" = "$text" ] || printf '%s\n' "$text" > "$2"
        """#

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        return [.prebuildCommand(
            displayName: "Stamping the git commit into \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", Self.script, "build-commit", context.package.directoryURL.path,
                        output.appending(path: "BuildCommit.swift").path],
            outputFilesDirectory: output)]
    }
}
