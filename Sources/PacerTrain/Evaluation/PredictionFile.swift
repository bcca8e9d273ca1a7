import Foundation
import PacerConfig

/// What `pacer test --out FILE` writes: each sample's class scores, as
/// mmcls's `tools/test.py --out` does. A `.json` file holds mmcls's keys
/// (`class_scores`, `pred_score`, `pred_label`); a `.npy` file holds the
/// N x C float32 matrix of class scores.
public enum PredictionFile {
    /// Writes `rows` (one row of class scores per sample) to `path`, in the
    /// format its extension names.
    public static func write(_ rows: [[Float]], to path: String) throws {
        let data: Data
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": data = Data(json(rows).utf8)
        case "npy": data = npy(rows)
        default: throw PredictionFileError.unknownFormat(path)
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw PredictionFileError.cannotWrite(path)
        }
    }

    /// mmcls's result dict as JSON.
    static func json(_ rows: [[Float]]) -> String {
        let best = rows.map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
        let result: ConfigDict = [
            "class_scores": .list(rows.map { .list($0.map { .double(Double($0)) }) }),
            "pred_score": .list(zip(rows, best).map { .double(Double($0[$1])) }),
            "pred_label": .list(best.map { .int($0) }),
        ]
        return ConfigValue.dict(result).json() + "\n"
    }

    /// A NumPy `.npy` file (format 1.0) of little-endian float32 rows.
    static func npy(_ rows: [[Float]]) -> Data {
        let columns = rows.first?.count ?? 0
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows.count), \(columns)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for row in rows {
            for value in row {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }
}

/// Why the predictions could not be written.
public enum PredictionFileError: Error, CustomStringConvertible {
    /// The file name's extension is neither .json nor .npy.
    case unknownFormat(String)
    /// The file could not be created.
    case cannotWrite(String)

    /// One line naming the file.
    public var description: String {
        switch self {
        case .unknownFormat(let path): return "\(path): name a .json or .npy file"
        case .cannotWrite(let path): return "\(path): cannot be written (check the folder exists and is writable)"
        }
    }
}
