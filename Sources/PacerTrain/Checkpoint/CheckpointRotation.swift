#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Pacer

/// The order in which periodic checkpoints (`epoch_N`, `iter_N`, or what
/// `filename_tmpl` names) enter
/// and leave a folder, and the repair that makes any interruption of it
/// harmless:
///
/// 1. the checkpoint is written to a temporary file, synced, and renamed
///    into place (`AtomicFile`);
/// 2. `latest.safetensors` is re-pointed at it (a temporary link renamed
///    over the old one), unless `create_symlink` is false;
/// 3. the oldest checkpoints beyond `maxKeep` are removed.
///
/// A kill between any two instructions leaves at worst a temporary file,
/// a `latest` one checkpoint behind, or one checkpoint too many.
/// `recover` (at the start of every run) removes the first, re-points the
/// second and prunes the third, so after it `latest` names the newest
/// valid checkpoint, at most `maxKeep` are kept and no temporary file is
/// left.
struct CheckpointRotation {
    /// The folder the checkpoints are in.
    let folder: String
    /// How the checkpoints are named.
    let name: CheckpointName
    /// How many to keep; <= 0 keeps all.
    let maxKeep: Int
    /// Whether `latest` follows the newest checkpoint.
    var createSymlink = true

    /// The name of the link to the newest checkpoint.
    static let latest = "latest.safetensors"

    /// Writes checkpoint `number` with `write` (given the path to write
    /// atomically), points `latest` at it, then prunes.
    func save(number: Int, write: (String) throws -> Void) throws {
        let file = name.file(number)
        try write(folder + "/" + file)
        if createSymlink { try AtomicFile.pointLink(folder + "/" + Self.latest, to: file) }
        prune(upTo: number, note: { _ in })
    }

    /// Repairs what an interrupted `save` can leave, writing one `note:`
    /// line per repair: removes temporary files, points `latest` at the
    /// newest valid checkpoint (the newest by number when none verifies)
    /// when it names another or nothing, and prunes to `maxKeep`.
    func recover(note: (String) -> Void) {
        Self.removeTemporaries(in: folder, note: note)
        let numbered = checkpoints()
        guard let newest = numbered.last else { return }
        guard createSymlink else { return prune(upTo: newest.number, note: note) }
        let target = numbered.reversed().first { (try? CheckpointFile.read(folder + "/" + $0.name)) != nil } ?? newest
        let link = folder + "/" + Self.latest
        let current = try? FileManager.default.destinationOfSymbolicLink(atPath: link)
        if current != target.name {
            do {
                try AtomicFile.pointLink(link, to: target.name)
                note("note: \(link) pointed at \(current ?? "nothing"); repaired to \(target.name), the newest valid checkpoint")
            } catch {
                note("note: \(error)")
            }
        }
        prune(upTo: newest.number, note: note)
    }

    /// Removes the oldest checkpoints numbered up to `number` beyond
    /// `maxKeep` (those numbered higher belong to some other run).
    private func prune(upTo number: Int, note: (String) -> Void) {
        guard maxKeep > 0 else { return }
        let candidates = checkpoints().filter { $0.number <= number }
        for old in candidates.dropLast(maxKeep) {
            if unlink(folder + "/" + old.name) == 0 {
                note("note: removed \(folder)/\(old.name) to keep max_keep_ckpts=\(maxKeep)")
            }
        }
    }

    /// The files in the folder `name` names, by number.
    private func checkpoints() -> [(number: Int, name: String)] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.compactMap { file -> (number: Int, name: String)? in
            guard let number = name.number(in: file), number >= 0 else { return nil }
            return (number, file)
        }.sorted { $0.number < $1.number }
    }

    /// Removes the temporary files interrupted writes left in `folder`
    /// (`AtomicFile`'s `.<name>.tmp-<pid>`), with a note for each.
    static func removeTemporaries(in folder: String, note: (String) -> Void) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where AtomicFile.isStaleTemporary(name) {
            if unlink(folder + "/" + name) == 0 {
                note("note: removed \(folder)/\(name), left by an interrupted write")
            }
        }
    }
}
