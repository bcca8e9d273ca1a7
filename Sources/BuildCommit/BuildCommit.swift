import Foundation
import PackagePlugin

/// Stamps the git commit Pacer is built from into the `PacerBuildCommit`
/// module, as `let buildCommit: StaticString = "1a2b3c4d5e6f\u{0}"`
/// (`-dirty` when tracked files differ from it; `unknown` outside a git
/// checkout, such as an unpacked tarball, or without git), which the
/// `Pacer` module reads through `pacer_build_commit()`. A build command whose inputs are the files a commit,
/// a checkout or `git add` rewrites (HEAD, its reflog, the branch, the
/// index) and every source file of the package: it runs (a few
/// milliseconds) only when one of them changed, and rewrites the stamp only
/// when the stamp changes, so an incremental build recompiles nothing for
/// it. A tracked file edited outside the sources shows as `-dirty` from the
/// next build a source file or the index changed.
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
        text=$(printf '/// The git commit this build of Pacer was made from, NUL-terminated for pacer_build_commit().\nlet buildCommit: StaticString = "%s\\u{0}"' \
          "$commit")
        [ "$(cat "$2" 2>/dev/null)" = "$text" ] || printf '%s\n' "$text" > "$2"
        """#

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        let sources = context.package.targets.compactMap(\.sourceModule).flatMap { $0.sourceFiles.map(\.url) }
        return [.buildCommand(
            displayName: "Stamping the git commit into \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", Self.script, "build-commit", package.path, output.path],
            inputFiles: Self.gitFiles(of: package) + sources,
            outputFiles: [output])]
    }

    /// The files of the git checkout at `package` that change when HEAD,
    /// its branch or the index does, for those that exist (none outside a
    /// checkout). Read without running git: `.git` is the git folder, or a
    /// file naming it (a worktree, whose `commondir` holds the branches).
    static func gitFiles(of package: URL) -> [URL] {
        let dotGit = package.appending(path: ".git")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isFolder) else { return [] }
        var gitDir = dotGit
        if !isFolder.boolValue {
            guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return [] }
            let path = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            gitDir = path.hasPrefix("/") ? URL(fileURLWithPath: path) : package.appending(path: path)
        }
        var commonDir = gitDir
        if let text = try? String(contentsOf: gitDir.appending(path: "commondir"), encoding: .utf8) {
            let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
            commonDir = path.hasPrefix("/") ? URL(fileURLWithPath: path) : gitDir.appending(path: path)
        }
        var files = [gitDir.appending(path: "HEAD"), gitDir.appending(path: "logs/HEAD"),
                     gitDir.appending(path: "index"), commonDir.appending(path: "packed-refs")]
        if let head = try? String(contentsOf: gitDir.appending(path: "HEAD"), encoding: .utf8), head.hasPrefix("ref: ") {
            files.append(commonDir.appending(path: head.dropFirst("ref: ".count)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return files.filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}
