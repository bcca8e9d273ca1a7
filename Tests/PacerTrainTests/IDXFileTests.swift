import Foundation
@testable import PacerTrain
import Testing

/// The IDX parser behind FashionMNIST: every bad header is a one-line
/// `DataError.malformed` naming the file, never a crash.
@Suite("IDX files")
struct IDXFileTests {
    static let path = "/data/t10k-images-idx3-ubyte.gz"

    private static func parseError(_ bytes: [UInt8], rank: Int) -> DataError? {
        do {
            _ = try IDXFile(bytes, path: path, rank: rank)
            return nil
        } catch {
            return error
        }
    }

    @Test func validFileGivesShapeAndBytes() throws {
        let file = try IDXFile([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6], path: Self.path, rank: 2)
        #expect(file.shape == [2, 3])
        #expect(file.bytes == [1, 2, 3, 4, 5, 6])
    }

    @Test func wrongRankIsMalformed() {
        let error = Self.parseError([0, 0, 8, 1, 0, 0, 0, 1, 9], rank: 3)
        guard case .malformed(let path, _)? = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(path == Self.path)
    }

    @Test func elementTypeOtherThanUnsignedByteIsMalformed() {
        let error = Self.parseError([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], rank: 1)
        #expect(error.map { if case .malformed = $0 { true } else { false } } == true)
    }

    @Test func dataShorterThanTheHeaderPromisesIsMalformed() {
        let error = Self.parseError([0, 0, 8, 1, 0, 0, 0, 5, 1, 2], rank: 1)
        #expect(error?.description.hasPrefix(Self.path) == true)
        #expect(error?.description.contains("5") == true)
    }

    @Test func dataLongerThanTheHeaderPromisesIsMalformed() {
        let error = Self.parseError([0, 0, 8, 1, 0, 0, 0, 1, 1, 2], rank: 1)
        #expect(error.map { if case .malformed = $0 { true } else { false } } == true)
    }

    @Test func headerCutShortIsMalformed() {
        let error = Self.parseError([0, 0, 8, 3, 0, 0], rank: 3)
        #expect(error.map { if case .malformed = $0 { true } else { false } } == true)
    }

    @Test func extentsWhoseProductOverflowsAreMalformedNotACrash() async {
        // Run in a child process: a trap there fails this test instead of the whole run.
        await #expect(processExitsWith: .success) {
            let header: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12)
            do {
                _ = try IDXFile(header + [1, 2, 3], path: "/data/huge.gz", rank: 3)
                exit(2)
            } catch {
                guard case .malformed(let path, _)? = error as? DataError, path == "/data/huge.gz" else { exit(3) }
                exit(0)
            }
        }
    }
}

/// Reading IDX files from disk: bounded by what the header declares, so a
/// gzip bomb is refused without being inflated whole.
@Suite("IDX files on disk")
struct IDXFileReadTests {
    /// Writes `bytes` followed by `zeros` zero bytes, gzip-compressed, to `path`.
    private static func gzip(_ bytes: [UInt8], zeros: Int = 0, to path: String) throws {
        let raw = String(path.dropLast(3))
        _ = FileManager.default.createFile(atPath: raw, contents: Data(bytes))
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: raw))
        file.seekToEndOfFile()
        let block = Data(count: 1 << 20)
        for _ in 0..<(zeros >> 20) { file.write(block) }
        try file.close()
        _ = try runTool("/usr/bin/gzip", ["-f", raw])
    }

    private static func readError(_ path: String, rank: Int) -> DataError? {
        do {
            _ = try IDXFile.read(path, rank: rank, missingHint: "hint")
            return nil
        } catch {
            return error
        }
    }

    @Test func aHeaderDeclaringMoreThanTheLimitIsRefusedBeforeInflating() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/bomb-images.gz"
        // 2^24 images of 28x28: 13 GB declared, followed by 64 MB of zeros that inflate from 64 KB.
        try Self.gzip([0, 0, 8, 3, 1, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28], zeros: 64 << 20, to: path)
        #expect(Self.readError(path, rank: 3) == .malformed(
            path: path, reason: "header declares 13153337344 bytes of data, more than the 1073741824 a dataset file may hold "
                + "(refused before inflating)"))
    }

    @Test func dataBeyondTheDeclaredSizeIsRefusedAfterOneByte() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/trailing-labels.gz"
        // Two labels declared, then 256 MB of zeros: only three bytes past the header are ever inflated.
        try Self.gzip([0, 0, 8, 1, 0, 0, 0, 2, 1, 2], zeros: 256 << 20, to: path)
        #expect(Self.readError(path, rank: 1) == .malformed(path: path, reason: "holds more data than the 2 bytes its header declares"))
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/fifo.gz"
        #expect(mkfifo(path, 0o600) == 0)
        #expect(Self.readError(path, rank: 1) == .malformed(path: path, reason: "not a regular file"))
    }

    @Test func aValidFileReadsWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/labels.gz"
        try Self.gzip([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9], to: path)
        let file = try IDXFile.read(path, rank: 1, missingHint: "hint")
        #expect(file.shape == [3] && file.bytes == [7, 8, 9])
    }
}
