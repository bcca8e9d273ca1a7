import CZlib
import Pacer
import PacerConfig

extension SafeTensors {
    /// A decoded file: its tensors and string metadata.
    struct Contents {
        let state: StateDict
        let metadata: [String: String]
    }

    /// Parses and checks `bytes` read from `path`: the header must fit the
    /// file, tensors must lie inside the data without overlapping, dtypes
    /// and shapes must agree with their byte ranges, and the data must
    /// match its checksum.
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
        let sorted = ranges.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (first, second) in zip(sorted, sorted.dropFirst()) where first.range.overlaps(second.range) {
            throw corrupt("tensors '\(first.name.printable)' and '\(second.name.printable)' overlap")
        }
        let data = bytes[dataStart...]
        if let expected = metadata[checksumKey] {
            let actual = data.withUnsafeBytes { crc32(0, $0.bindMemory(to: UInt8.self).baseAddress, UInt32($0.count)) }
            guard String(actual) == expected else { throw corrupt("data checksum mismatch (torn or corrupted file)") }
        }
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
        return Contents(state: state, metadata: metadata)
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
