import Foundation
import Pacer
import PacerConfig
@testable import PacerTrain
import Testing

/// Every field of a real checkpoint's header, its length field and a
/// sample of its data bytes, each changed in turn, go through the reader,
/// `pacer test` and `pacer train --resume-from`: each mutant is one line
/// naming the file, never a crash, never a run that succeeds with another
/// result. Mutants re-signed with a valid checksum (what a tool that edits
/// and re-saves a file would produce) exercise the checks behind the
/// checksum: counters, positions and state blocks.
@Suite(.serialized) struct CheckpointMutationTests {
    /// A mutant and its name in failure messages.
    struct Mutant: Sendable {
        let name: String
        let bytes: [UInt8]
    }

    /// Each mutant's outcomes, filled in from several threads.
    final class Results: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var results: [Result<[(String, Outcome)], any Error>]

        init(count: Int) { results = Array(repeating: .success([]), count: count) }

        func set(_ index: Int, _ result: Result<[(String, Outcome)], any Error>) {
            lock.withLock { results[index] = result }
        }

        var all: [Result<[(String, Outcome)], any Error>] { lock.withLock { results } }
    }

    /// How one mutant fared in one place.
    enum Outcome: Equatable, Sendable {
        case refusedInOneLine
        case identicalRun
        case crashed(String)
        case silentlyDifferent(String)
        case unclearRefusal(String)
    }

    /// The trained reference run: its config, the checkpoint mutated
    /// (taken mid-epoch, with EMA and momentum state), the final checkpoint
    /// and `pacer test`'s metrics of the mutated one.
    struct Reference: Sendable {
        let folder: String
        let config: String
        let checkpoint: [UInt8]
        let final: String
        let metrics: String

        static func train() throws -> Reference {
            let folder = try Fixtures.temporaryDirectory("CheckpointMutationTests")
            var config = Fixtures.smallConfig(
                workDir: folder + "/reference", trainSamples: 128, valSamples: 64, maxEpochs: 2,
                customHooks: [["type": "EMAHook", "momentum": 0.1, "warm_up": 4]])
            // The test split is the smaller file: each process reads it faster.
            config["data"] = [
                "samples_per_gpu": 32,
                "train": ["type": "FashionMNIST", "test_mode": true, "num_samples": 128],
                "val": ["type": "FashionMNIST", "test_mode": true, "num_samples": 64],
            ]
            config["checkpoint_config"] = ["interval": 3, "by_epoch": false]
            let path = try Fixtures.writeConfig(config, in: folder)
            let trained = try Fixtures.run(pacer, ["train", path])
            guard trained.status == 0 else { throw FixtureError.compileFailed("reference run: \(trained.output)") }
            let mid = folder + "/reference/iter_3.safetensors"
            let metrics = try Fixtures.run(pacer, ["test", path, mid])
            return Reference(folder: folder, config: path, checkpoint: try [UInt8](Data(contentsOf: URL(fileURLWithPath: mid))),
                             final: folder + "/reference/iter_8.safetensors", metrics: metrics.output)
        }
    }

    static let pacer = Fixtures.buildDirectory + "/pacer"

    @Test func everyHeaderFieldAndSampledDataByteIsRefusedInOneLine() throws {
        let reference = try Reference.train()
        let mutants = Self.rawMutants(of: reference.checkpoint)
        #expect(mutants.count >= 250, "only \(mutants.count) mutants")
        // Two mutants at a time: each runs two processes that mostly wait on reading data.
        let results = Results(count: mutants.count)
        DispatchQueue.concurrentPerform(iterations: mutants.count) { index in
            results.set(index, Result { try Self.outcomes(of: mutants[index], index: index, reference: reference) })
        }
        var tally: [String: Int] = [:]
        for (mutant, result) in zip(mutants, results.all) {
            for (place, outcome) in try result.get() {
                #expect(outcome == .refusedInOneLine, "\(mutant.name) in \(place): \(outcome)")
                tally["\(outcome)", default: 0] += 1
            }
        }
        print("checkpoint mutants: \(mutants.count), outcomes over reader, pacer test and resume: \(tally)")
    }

    @Test func resignedMutantsOfCountersPositionsAndBlocksAreRefusedInOneLine() throws {
        let reference = try Reference.train()
        let mutants = try Self.resignedMutants(of: reference.checkpoint, Self.refusedEdits)
        #expect(mutants.count == Self.refusedEdits.count)
        for (index, mutant) in mutants.enumerated() {
            // Most are valid files the reader accepts; resuming must refuse them, naming the file (or, for a
            // hook's state, the hook and the key).
            let resumed = try Self.resume(mutant, index: index, reference: reference, mentioning: "checkpoint")
            #expect(resumed == .refusedInOneLine, "\(mutant.name) on resume: \(resumed)")
        }
    }

    @Test func resignedHarmlessEditsGiveTheBitIdenticalRun() throws {
        let reference = try Reference.train()
        let mutants = try Self.resignedMutants(of: reference.checkpoint, Self.harmlessEdits)
        #expect(mutants.count == Self.harmlessEdits.count)
        for (index, mutant) in mutants.enumerated() {
            let resumed = try Self.resume(mutant, index: index, reference: reference)
            #expect(resumed == .identicalRun, "\(mutant.name) on resume: \(resumed)")
        }
    }

    @Test func aValidCheckpointResumedAgainstSmallerDataIsOneLine() throws {
        let reference = try Reference.train()
        var config = try ConfigLoader.load(path: reference.config).entries
        guard case .dict(var data)? = config["data"], case .dict(var train)? = data["train"] else { return }
        train["num_samples"] = 64
        data["train"] = .dict(train)
        config["data"] = .dict(data)
        let path = try Fixtures.writeConfig(config, in: reference.folder, name: "smaller.json")
        let run = try Fixtures.run(Self.pacer, ["train", path, "--work-dir", reference.folder + "/smaller",
                                                "--resume-from", reference.folder + "/reference/iter_3.safetensors"])
        #expect(run.status == 1)
        #expect(Self.errorLines(run.output) == ["error: \(reference.folder)/reference/iter_3.safetensors: checkpoint does not "
            + "fit this run's data: inner_iter 3 is outside 0...2, the train loader's batches per epoch"])
    }

    @Test func resumeAutoSkipsAnInvalidNewerFileWithOneNoteAndTakesTheNewestValid() throws {
        let reference = try Reference.train()
        let work = reference.folder + "/auto"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: reference.folder + "/reference/iter_3.safetensors",
                                         toPath: work + "/iter_3.safetensors")
        var damaged = try [UInt8](Data(contentsOf: URL(fileURLWithPath: reference.folder + "/reference/iter_6.safetensors")))
        damaged[damaged.count - 3] ^= 0x01
        try Data(damaged).write(to: URL(fileURLWithPath: work + "/iter_6.safetensors"))
        let run = try Fixtures.run(Self.pacer, ["train", reference.config, "--work-dir", work, "--resume-from", "auto"])
        #expect(run.status == 0, "\(run.output)")
        let notes = run.output.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        #expect(notes == [
            "note: \(work)/latest.safetensors pointed at nothing; repaired to iter_3.safetensors, the newest valid checkpoint",
            "note: skipping \(work)/iter_6.safetensors: not a valid checkpoint: checksum mismatch (torn or corrupted file)",
        ])
        #expect(run.output.contains("resumed from \(work)/iter_3.safetensors: epoch 0, iter 3"))
    }

    @Test func aFileWithoutTheHeaderChecksumNeedsTheFlag() throws {
        let reference = try Reference.train()
        let path = reference.folder + "/unverified.safetensors"
        let header = Array(#""pacer.crc32""#.utf8)
        var bytes = reference.checkpoint
        let at = try #require((8..<bytes.count).first { Array(bytes[$0..<($0 + header.count)]) == header })
        bytes[at + 1] = UInt8(ascii: "P")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let refused = try Fixtures.run(Self.pacer, ["test", reference.config, path])
        #expect(refused.status == 1)
        #expect(Self.errorLines(refused.output) == ["error: \(path): checkpoint has no header checksum (written by Pacer "
            + "\(PacerVersion.string) or another tool), so it cannot be verified; pass --allow-unverified-checkpoint to use it anyway"])
        let accepted = try Fixtures.run(Self.pacer, ["test", reference.config, path, "--allow-unverified-checkpoint"])
        #expect(accepted.status == 0 && accepted.output == reference.metrics, "\(accepted.output)")
    }

    // MARK: - Mutants

    /// Each token of the header (every key and value, including those of
    /// the metadata's JSON) with its last character changed, each byte of
    /// the length field incremented, and every 4,800th data byte flipped.
    static func rawMutants(of bytes: [UInt8]) -> [Mutant] {
        let headerEnd = 8 + bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        var mutants: [Mutant] = []
        for index in 0..<8 {
            var copy = bytes
            copy[index] &+= 1
            mutants.append(Mutant(name: "length byte \(index)", bytes: copy))
        }
        var index = 8
        while index < headerEnd {
            guard isTokenByte(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < headerEnd, isTokenByte(bytes[end]) { end += 1 }
            var copy = bytes
            copy[end - 1] = changed(copy[end - 1])
            let token = String(decoding: bytes[index..<end], as: UTF8.self)
            mutants.append(Mutant(name: "header token '\(token)' at \(index)", bytes: copy))
            index = end
        }
        if let space = bytes[8..<headerEnd].lastIndex(of: UInt8(ascii: " ")) {
            var copy = bytes
            copy[space] = UInt8(ascii: "\t")
            mutants.append(Mutant(name: "header whitespace at \(space)", bytes: copy))
        }
        for offset in stride(from: headerEnd, to: bytes.count, by: 4_800) {
            var copy = bytes
            copy[offset] ^= 0x01
            mutants.append(Mutant(name: "data byte \(offset - headerEnd)", bytes: copy))
        }
        var last = bytes
        last[last.count - 1] ^= 0x80
        mutants.append(Mutant(name: "last data byte", bytes: last))
        return mutants
    }

    /// Edits of the header text (name, old, new) that leave a valid file
    /// whose counters, positions or state blocks cannot belong to this run.
    static let refusedEdits: [(String, String, String)] = [
        ("inner_iter -3", #"\"inner_iter\": 3"#, #"\"inner_iter\": -3"#),
        ("inner_iter past the epoch", #"\"inner_iter\": 3"#, #"\"inner_iter\": 9"#),
        ("iter past the epochs", #"\"iter\": 3"#, #"\"iter\": 7"#),
        ("iter -1", #"\"iter\": 3"#, #"\"iter\": -1"#),
        ("iter beyond 2^53", #"\"iter\": 3"#, #"\"iter\": 9007199254740993"#),
        ("epoch -1", #"\"epoch\": 0"#, #"\"epoch\": -1"#),
        ("epoch a string", #"\"epoch\": 0"#, #"\"epoch\": \"0\""#),
        ("streams out of range", #"\"streams\": []"#, #"\"streams\": [[0, 99], [0, 0]]"#),
        ("stream epoch negative", #"\"streams\": []"#, #"\"streams\": [[-1, 0], [0, 0]]"#),
        ("stream count wrong", #"\"streams\": []"#, #"\"streams\": [[0, 1]]"#),
        ("step count negative", #"\"step_count\": 3"#, #"\"step_count\": -3"#),
        ("optimizer block removed", #"\"optimizer\": {\"type\": \"SGD\", \"step_count\": 3, \"lr\": [0.05], \"initial_lr\": [0.05], \"momentum\": [0.9]}, "#, ""),
        ("optimizer type renamed", #"\"type\": \"SGD\", \"step_count\""#, #"\"type\": \"Adam\", \"step_count\""#),
        ("lr for two groups", #"\"lr\": [0.05], \"initial_lr\": [0.05], \"momentum\": [0.9]"#, #"\"lr\": [0.05, 1], \"initial_lr\": [0.05, 1], \"momentum\": [0.9, 1]"#),
        ("hooks list without EMA", #"\"hooks\": [\"hooks.EMAHook.\"]"#, #"\"hooks\": []"#),
        ("hooks list removed", #"\"hooks\": [\"hooks.EMAHook.\"], "#, ""),
        ("EMA shadow renamed", #""hooks.EMAHook.shadow.fc1.weight""#, #""hooks.EMAHook.shadow.fc1.weighx""#),
        ("momentum buffer renamed", #""optimizer.momentum_buffer.fc2.bias""#, #""optimizer.momentum_buffer.fc2.biax""#),
        ("model tensor renamed", #""fc2.bias""#, #""fc2.biax""#),
        ("dtype changed", #""dtype": "F32", "shape": [10]"#, #""dtype": "I64", "shape": [5]"#),
        ("shape transposed", #""shape": [32, 784]"#, #""shape": [784, 32]"#),
        ("metadata key removed", #""pacer.meta""#, #""pacer.mota""#),
        ("checksum key duplicated", #""format": "pt""#, #""format": "pt", "pacer.crc32": "00000000""#),
    ]

    /// Edits that change nothing a run uses: extra metadata, the stored
    /// config (kept for reference only), whitespace.
    static let harmlessEdits: [(String, String, String)] = [
        ("extra metadata", #""format": "pt""#, #""format": "pt", "note": "edited \"pacer.crc32\" elsewhere""#),
        ("stored config's work_dir", #"\"work_dir\": \""#, #"\"work_dir\": \"/elsewhere"#),
        ("whitespace between fields", #"}, "fc1.bias": {"#, #"},   "fc1.bias":  {"#),
    ]

    /// The checkpoint with each edit applied to its header text, the length
    /// field and padding fixed, and the checksum recomputed.
    static func resignedMutants(of bytes: [UInt8], _ edits: [(String, String, String)]) throws -> [Mutant] {
        var mutants: [Mutant] = []
        let headerEnd = 8 + bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let header = String(decoding: bytes[8..<headerEnd], as: UTF8.self)
        for (name, old, new) in edits {
            guard let range = header.range(of: old) else {
                Issue.record("\(name): '\(old)' is not in the header")
                continue
            }
            var text = header.replacingCharacters(in: range, with: new)
            while text.hasSuffix(" ") { text.removeLast() }
            // Every edit keeps each tensor's byte count, so the data section stays as it is.
            var json = Array(text.utf8)
            while (8 + json.count) % 8 != 0 { json.append(UInt8(ascii: " ")) }
            var file = withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + bytes[headerEnd...]
            if let value = SafeTensors.checksumValueRange(in: file, headerEnd: 8 + json.count) {
                file.replaceSubrange(value, with: Array(SafeTensors.checksumPlaceholder.utf8))
                SafeTensors.sign(&file, headerEnd: 8 + json.count)
            }
            mutants.append(Mutant(name: name, bytes: file))
        }
        return mutants
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }

    private static func changed(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "9"): return UInt8(ascii: "0")
        case UInt8(ascii: "0")...UInt8(ascii: "8"): return byte + 1
        case UInt8(ascii: "z"): return UInt8(ascii: "a")
        case UInt8(ascii: "Z"): return UInt8(ascii: "A")
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"): return UInt8(ascii: "x")
        default: return byte + 1
        }
    }

    // MARK: - Running a mutant

    private static func outcomes(of mutant: Mutant, index: Int,
                                 reference: Reference) throws -> [(String, Outcome)] {
        let path = try write(mutant, index: index, reference: reference)
        var results: [(String, Outcome)] = []
        do {
            _ = try CheckpointFile.read(path)
            results.append(("the reader", .silentlyDifferent("accepted")))
        } catch {
            let line = "\(error)"
            results.append(("the reader", line.hasPrefix(path) && !line.contains("\n") ? .refusedInOneLine : .unclearRefusal(line)))
        }
        let tested = try Fixtures.run(pacer, ["test", reference.config, path])
        results.append(("pacer test", judge(tested, path: path) {
            tested.output == reference.metrics ? .identicalRun : .silentlyDifferent(tested.output)
        }))
        results.append(("resume", try resume(mutant, index: index, reference: reference)))
        return results
    }

    private static func resume(_ mutant: Mutant, index: Int, reference: Reference,
                               mentioning: String? = nil) throws -> Outcome {
        let path = try write(mutant, index: index, reference: reference)
        let work = reference.folder + "/resumed-\(index)"
        try? FileManager.default.removeItem(atPath: work)
        let run = try Fixtures.run(pacer, ["train", reference.config, "--work-dir", work, "--resume-from", path])
        return judge(run, path: path, mentioning: mentioning) {
            let expected = try? CheckpointFile.read(reference.final)
            let actual = try? CheckpointFile.read(work + "/iter_8.safetensors")
            guard let expected, let actual, expected.state.names == actual.state.names,
                  expected.state.names.allSatisfy({ expected.state.get($0) == actual.state.get($0) })
            else { return .silentlyDifferent("the resumed run's iter_8 differs from the reference") }
            return .identicalRun
        }
    }

    private static func write(_ mutant: Mutant, index: Int, reference: Reference) throws -> String {
        let path = reference.folder + "/mutant-\(index).safetensors"
        try Data(mutant.bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Exit 1 with one `error:` line naming the file (after the flag that
    /// named it, `--resume-from`, when it came from one) is a refusal; exit 0
    /// is judged by `success`; anything else (a signal) is a crash.
    /// With `mentioning`, an error line containing it and not the path is a refusal too.
    private static func judge(_ run: (status: Int32, output: String), path: String, mentioning: String? = nil,
                              success: () -> Outcome) -> Outcome {
        switch run.status {
        case 0: return success()
        case 1:
            let errors = errorLines(run.output)
            let named = errors.first.map { line in
                line.hasPrefix("error: \(path)") || line.hasPrefix("error: --resume-from: \(path)")
                    || mentioning.map(line.contains) == true
            } ?? false
            return errors.count == 1 && named ? .refusedInOneLine : .unclearRefusal(run.output)
        default: return .crashed("status \(run.status): \(run.output)")
        }
    }

    /// The lines of `output` that report an error.
    static func errorLines(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).compactMap { line in
            line.range(of: "error: ").map { String(line[$0.lowerBound...]) }
        }
    }
}
