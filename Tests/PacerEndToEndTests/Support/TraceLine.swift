import Foundation

/// One line written by the TraceHook fixture.
struct TraceLine: Equatable {
    let stage: String
    let mode: String
    let epoch: Int
    let iter: Int
    let innerIter: Int
    let lastParameter: Double

    /// Parses every line of the trace file at `path`.
    static func read(_ path: String) throws -> [TraceLine] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: " ").map(String.init)
            return TraceLine(stage: fields[0], mode: fields[1], epoch: Int(fields[2])!, iter: Int(fields[3])!,
                             innerIter: Int(fields[4])!, lastParameter: Double(fields[5])!)
        }
    }
}
