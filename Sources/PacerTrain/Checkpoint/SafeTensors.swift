import CZlib
import Pacer
import PacerConfig

/// The safetensors format (8-byte little-endian header length, a JSON
/// header of tensor names, dtypes, shapes and byte ranges plus string
/// metadata, then the raw data). Python's `safetensors` reads it, and
/// nothing in it can execute code on load.
enum SafeTensors {
    /// Metadata key holding the CRC-32 of the whole file: length field,
    /// header (metadata, names, dtypes, shapes, offsets) and data, computed
    /// with this value's eight hex digits read as `00000000`.
    static let checksumKey = "pacer.crc32"
    /// Metadata key of the data-only CRC-32 that Pacer 0.1.0 wrote before
    /// header checksums; still verified when present.
    static let dataChecksumKey = "pacer.data_crc32"
    /// The value `checksumKey` holds while the checksum is computed.
    static let checksumPlaceholder = "00000000"

    /// Serialises `state` with `metadata`; a CRC-32 of the whole file is added.
    static func encode(_ state: StateDict, metadata: [(String, String)]) -> [UInt8] {
        var header = ConfigDict()
        var data: [UInt8] = []
        var entries: [(String, ConfigValue)] = []
        for name in state.names {
            guard let tensor = state.get(name) else { continue }
            let begin = data.count
            data += tensor.bytes
            entries.append((name, .dict([
                "dtype": .string(code(of: tensor.dtype)),
                "shape": .list(tensor.shape.map { .int($0) }),
                "data_offsets": .list([.int(begin), .int(data.count)]),
            ])))
        }
        header["__metadata__"] = .dict(ConfigDict(
            (metadata + [(checksumKey, checksumPlaceholder)]).map { ($0.0, ConfigValue.string($0.1)) }))
        for (name, entry) in entries { header[name] = entry }
        var json = Array(header.json().utf8)
        while (8 + json.count) % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var bytes = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
        bytes += json
        bytes += data
        sign(&bytes, headerEnd: 8 + json.count)
        return bytes
    }

    /// Writes the whole-file CRC-32 of `bytes` into its checksum value,
    /// which must hold the placeholder (the encoder's, or a test's after
    /// editing a header).
    static func sign(_ bytes: inout [UInt8], headerEnd: Int) {
        guard let value = checksumValueRange(in: bytes, headerEnd: headerEnd) else { return }
        bytes.replaceSubrange(value, with: Array(checksumPlaceholder.utf8))
        bytes.replaceSubrange(value, with: Array(hex(crc(of: bytes)).utf8))
    }

    /// Where the eight hex digits of `checksumKey`'s value lie in the
    /// header: the key must occur exactly once, as `"pacer.crc32": "`.
    static func checksumValueRange(in bytes: [UInt8], headerEnd: Int) -> Range<Int>? {
        let key = Array("\"\(checksumKey)\"".utf8)
        var found: Int?
        var index = 8
        while index + key.count <= headerEnd {
            if bytes[index] == key[0], Array(bytes[index..<(index + key.count)]) == key {
                guard found == nil else { return nil }
                found = index + key.count
            }
            index += 1
        }
        guard var cursor = found else { return nil }
        func skipSpaces() { while cursor < headerEnd, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 } }
        skipSpaces()
        guard cursor < headerEnd, bytes[cursor] == UInt8(ascii: ":") else { return nil }
        cursor += 1
        skipSpaces()
        guard cursor + 10 <= headerEnd, bytes[cursor] == UInt8(ascii: "\""), bytes[cursor + 9] == UInt8(ascii: "\"")
        else { return nil }
        return (cursor + 1)..<(cursor + 9)
    }

    /// The CRC-32 of `bytes`, in chunks zlib's 32-bit lengths can take.
    static func crc(of bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var value = crc32(0, nil, 0)
            var start = 0
            while start < buffer.count {
                let count = min(buffer.count - start, 1 << 30)
                value = crc32(value, buffer.baseAddress.map { $0 + start }, UInt32(count))
                start += count
            }
            return UInt32(truncatingIfNeeded: value)
        }
    }

    /// `value` as eight lowercase hex digits.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
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
