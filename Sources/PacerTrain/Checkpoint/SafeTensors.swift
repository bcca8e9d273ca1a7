import CZlib
import Pacer
import PacerConfig

/// The safetensors format (8-byte little-endian header length, a JSON
/// header of tensor names, dtypes, shapes and byte ranges plus string
/// metadata, then the raw data). Python's `safetensors` reads it, and
/// nothing in it can execute code on load.
enum SafeTensors {
    /// Metadata key holding the CRC-32 of the data section.
    static let checksumKey = "pacer.data_crc32"

    /// Serialises `state` with `metadata`; a CRC-32 of the data is added.
    static func encode(_ state: StateDict, metadata: [(String, String)]) -> [UInt8] {
        var header = ConfigDict()
        var data: [UInt8] = []
        var entries: [(String, ConfigValue)] = []
        for name in state.names {
            let tensor = state.get(name)!
            let begin = data.count
            data += tensor.bytes
            entries.append((name, .dict([
                "dtype": .string(code(of: tensor.dtype)),
                "shape": .list(tensor.shape.map { .int($0) }),
                "data_offsets": .list([.int(begin), .int(data.count)]),
            ])))
        }
        let checksum = data.withUnsafeBytes { crc32(0, $0.bindMemory(to: UInt8.self).baseAddress, UInt32($0.count)) }
        header["__metadata__"] = .dict(ConfigDict(
            (metadata + [(checksumKey, String(checksum))]).map { ($0.0, ConfigValue.string($0.1)) }))
        for (name, entry) in entries { header[name] = entry }
        var json = Array(header.json().utf8)
        while (8 + json.count) % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var bytes = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
        bytes += json
        bytes += data
        return bytes
    }

    /// The safetensors dtype code of `dtype`.
    static func code(of dtype: DType) -> String {
        switch dtype {
        case .float32: return "F32"
        case .int64: return "I64"
        case .uint8: return "U8"
        }
    }

    /// The dtype of a safetensors code, if Pacer uses it.
    static func dtype(of code: String) -> DType? {
        [DType.float32, .int64, .uint8].first { self.code(of: $0) == code }
    }
}
