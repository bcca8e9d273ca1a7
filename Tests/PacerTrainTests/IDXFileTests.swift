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
