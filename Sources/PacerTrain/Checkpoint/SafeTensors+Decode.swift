import Pacer
import PacerConfig

extension SafeTensors {
    /// A decoded file: its tensors and string metadata.
    struct Contents {
        let state: StateDict
        let metadata: [String: String]
        /// What the file's checksum covered.
        let checksum: Coverage
    }

    /// What a file's verified checksum covers.
    enum Coverage: Equatable {
        /// The whole file: length, header and data (files Pacer writes now).
        case wholeFile
        /// The data section only (Pacer 0.1.0 before header checksums).
        case dataOnly
        /// Nothing: the file has no checksum.
        case none
    }

    /// Parses and checks `bytes` read from `path`: the header must fit the
    /// file, tensors must lie inside the data without overlapping, dtypes
    /// and shapes must agree with their byte ranges, the tensors must tile
    /// the data section exactly (no gap, no overlap, nothing after the
    /// last), and the file must match its checksum when it has one.
    static func decode(_ bytes: [UInt8], path: String) throws(CheckpointError) -> Contents {
        func corrupt(_ reason: String) -> CheckpointError { .corrupt(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw corrupt("file is \(bytes.count) bytes, shorter than a header") }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw corrupt("header claims \(headerLength) bytes but the file has \(bytes.count - 8) after the length")
        }
        let dataStart = 8 + Int(headerLength)
        let header: ConfigValue
        do {
            header = try JSONReader.value(from: Array(bytes[8..<dataStart]), file: path)
        } catch {
            let place = error.position.map { "at line \($0.line), column \($0.column): " } ?? ""
            throw corrupt("header is not valid JSON (\(place)\(error.problem.message.escaped))")
        }
        guard case .dict(let entries) = header else { throw corrupt("header is not a JSON object") }
        var metadata: [String: String] = [:]
        var ranges: [(name: String, range: Range<Int>, tensor: (DType, [Int]))] = []
        for (name, value) in entries {
            if name == "__metadata__" {
                guard case .dict(let pairs) = value else { throw corrupt("__metadata__ is not an object") }
                for (key, item) in pairs {
                    guard case .string(let text) = item else { throw corrupt("metadata '\(key.printable)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            ranges.append((name, try range(of: value, name: name, dataSize: bytes.count - dataStart, path: path),
                           try layout(of: value, name: name, path: path)))
        }
        try checkTiling(ranges.map { ($0.name, $0.range) }, dataSize: bytes.count - dataStart, path: path)
        let checksum = try verifyChecksum(bytes, dataStart: dataStart, metadata: metadata, path: path)
        let data = bytes[dataStart...]
        let state = StateDict()
        for entry in ranges {
            let (dtype, shape) = entry.tensor
            let (elements, overflow) = shape.reduce((1, false)) { partial, extent in
                let product = partial.0.multipliedReportingOverflow(by: extent)
                return (product.partialValue, partial.1 || product.overflow)
            }
            let bytes = elements.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, !bytes.overflow, bytes.partialValue == entry.range.count else {
                throw corrupt("tensor '\(entry.name.printable)' shape \(shape) does not match its \(entry.range.count) bytes")
            }
            let slice = data[(dataStart + entry.range.lowerBound)..<(dataStart + entry.range.upperBound)]
            state.put(entry.name, StateTensor(dtype: dtype, shape: shape, bytes: Array(slice)))
        }
        return Contents(state: state, metadata: metadata, checksum: checksum)
    }

    /// Checks that the byte ranges, in order, cover `0..<dataSize` exactly.
    private static func checkTiling(_ ranges: [(name: String, range: Range<Int>)], dataSize: Int,
                                    path: String) throws(CheckpointError) {
        let sorted = ranges.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var covered = 0
        var previous: String?
        for (name, range) in sorted {
            if range.lowerBound < covered, let previous {
                throw .corrupt(path: path, reason: "tensors '\(previous.printable)' and '\(name.printable)' overlap")
            }
            guard range.lowerBound == covered else {
                throw .corrupt(path: path, reason: "data bytes \(covered)..<\(range.lowerBound) belong to no tensor")
            }
            covered = range.upperBound
            previous = name
        }
        guard covered == dataSize else {
            throw .corrupt(path: path, reason: "data bytes \(covered)..<\(dataSize) belong to no tensor")
        }
    }

    /// Verifies the whole-file checksum, or the older data-only one, when
    /// the metadata holds one; says which it was.
    private static func verifyChecksum(_ bytes: [UInt8], dataStart: Int, metadata: [String: String],
                                       path: String) throws(CheckpointError) -> Coverage {
        let mismatch = CheckpointError.corrupt(path: path, reason: "checksum mismatch (torn or corrupted file)")
        if let expected = metadata[checksumKey] {
            guard let value = checksumValueRange(in: bytes, headerEnd: dataStart),
                  String(decoding: bytes[value], as: UTF8.self) == expected
            else { throw .corrupt(path: path, reason: "metadata '\(checksumKey)' must appear once, as 8 hex digits") }
            var unsigned = bytes
            unsigned.replaceSubrange(value, with: Array(checksumPlaceholder.utf8))
            guard hex(crc(of: unsigned)) == expected else { throw mismatch }
            return .wholeFile
        }
        if let expected = metadata[dataChecksumKey] {
            guard String(crc(of: Array(bytes[dataStart...]))) == expected else { throw mismatch }
            return .dataOnly
        }
        return .none
    }

    private static func range(of value: ConfigValue, name: String, dataSize: Int,
                              path: String) throws(CheckpointError) -> Range<Int> {
        guard case .dict(let entry) = value, case .list(let offsets)? = entry["data_offsets"], offsets.count == 2,
              case .int(let begin) = offsets[0], case .int(let end) = offsets[1],
              begin >= 0, begin <= end, end <= dataSize
        else { throw .corrupt(path: path, reason: "tensor '\(name.printable)' has data_offsets outside the file") }
        return begin..<end
    }

    private static func layout(of value: ConfigValue, name: String,
                               path: String) throws(CheckpointError) -> (DType, [Int]) {
        guard case .dict(let entry) = value, case .string(let code)? = entry["dtype"] else {
            throw .corrupt(path: path, reason: "tensor '\(name.printable)' has no dtype")
        }
        guard let dtype = dtype(of: code) else {
            throw .corrupt(path: path, reason: "tensor '\(name.printable)' has unsupported dtype '\(code.printable)'")
        }
        guard case .list(let extents)? = entry["shape"] else {
            throw .corrupt(path: path, reason: "tensor '\(name.printable)' has no shape")
        }
        var shape: [Int] = []
        for extent in extents {
            guard case .int(let size) = extent, size >= 0, size <= Int(Int32.max) else {
                throw .corrupt(path: path, reason: "tensor '\(name.printable)' has an invalid shape")
            }
            shape.append(size)
        }
        return (dtype, shape)
    }
}

extension String {
    /// The text with control characters written as `\u{..}` escapes and cut
    /// to 80 characters, so a name read from a damaged file keeps an error
    /// message on one readable line.
    var printable: String {
        escaped.count > 80 ? escaped.prefix(80) + "..." : escaped
    }

    /// The text with control characters and line separators written as
    /// `\u{..}` escapes.
    var escaped: String {
        unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return "\\u{\(String(scalar.value, radix: 16))}"
            default: return String(scalar)
            }
        }.joined()
    }
}
