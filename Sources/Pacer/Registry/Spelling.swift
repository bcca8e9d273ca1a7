/// The "did you mean" of every refusal of a name: the known name closest to
/// one a person mistyped.
public enum Spelling {
    /// The name in `candidates` closest to `name` by edit distance (an
    /// insertion, deletion, substitution or swap of neighbours each counts
    /// one; case differences count nothing), if one is close enough to be
    /// a likely typo: at most a quarter of the longer name's length, 1 at
    /// least and 3 at most. Ties go to the first in sorted order.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let word = Array(name.lowercased())
        var best: (distance: Int, name: String)?
        for candidate in Set(candidates).sorted() {
            let distance = editDistance(word, Array(candidate.lowercased()))
            let limit = min(3, max(1, max(word.count, candidate.count) / 4))
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance { best = (distance, candidate) }
        }
        return best?.name
    }

    /// A clause for an error message: `did you mean 'x'?` when a close name
    /// exists, else `valid: a, b, c` (or `nothing is valid here`).
    public static func hint(for name: String, among candidates: [String]) -> String {
        if let close = closest(to: name, among: candidates) { return "did you mean '\(close)'?" }
        return candidates.isEmpty ? "nothing is valid here" : "valid: \(candidates.joined(separator: ", "))"
    }

    /// Optimal-string-alignment distance (Damerau-Levenshtein without
    /// repeated edits of one substring).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
