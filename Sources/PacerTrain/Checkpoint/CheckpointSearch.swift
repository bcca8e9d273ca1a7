import Foundation
import Pacer

/// Finds the checkpoint `--resume-from auto` continues from: the newest
/// valid `epoch_N` / `iter_N` file in the work dir. Torn or corrupted files
/// are skipped with a note, so a crash during a write costs at most the
/// checkpoint being written.
enum CheckpointSearch {
    /// The newest valid checkpoint in `folder`, or nil when there is none;
    /// each invalid one is a `note:` line naming it.
    static func newestValid(in folder: String, allowUnverified: Bool = false,
                            note: (String) -> Void) -> CheckpointFile? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var best: CheckpointFile?
        for name in names.sorted() where isPeriodic(name) {
            do {
                let file = try CheckpointFile.read(folder + "/" + name, allowUnverified: allowUnverified)
                if best.map({ (file.iter, file.epoch) > ($0.iter, $0.epoch) }) ?? true { best = file }
            } catch {
                note("note: skipping \(error)")
            }
        }
        return best
    }

    private static func isPeriodic(_ name: String) -> Bool {
        guard name.hasSuffix(".safetensors") else { return false }
        let stem = name.dropLast(".safetensors".count)
        for prefix in ["epoch_", "iter_"] where stem.hasPrefix(prefix) {
            return Int(stem.dropFirst(prefix.count)) != nil
        }
        return false
    }
}
