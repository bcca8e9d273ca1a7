import CZlib
import Foundation

/// One array of a NumPy `.npy` file (format 1.0 to 3.0), or of a member of
/// an `.npz` archive: element type, shape, and the little-endian bytes.
/// Only C-ordered arrays of the element types below are read; anything
/// else is one line naming the file.
struct NumpyArray {
    /// The element types Pacer reads.
    enum Element: String {
        case uint8 = "u1", int8 = "i1", int16 = "i2", int32 = "i4", int64 = "i8", float32 = "f4", float64 = "f8"

        /// Bytes per element.
        var size: Int { Int(String(rawValue.dropFirst()))! }
        /// Whether the values are integers.
        var isInteger: Bool { self != .float32 && self != .float64 }
    }

    let element: Element
    let shape: [Int]
    let data: ArraySlice<UInt8>

    /// Element count.
    var count: Int { shape.reduce(1, *) }

    /// Parses `.npy` bytes; `path` names the file in errors.
    init(npy bytes: ArraySlice<UInt8>, path: String) throws(DataError) {
        func bad(_ reason: String) -> DataError { .malformed(path: path, reason: reason) }
        let start = bytes.startIndex
        guard bytes.count >= 10, Array(bytes[start..<start + 6]) == [0x93] + Array("NUMPY".utf8) else {
            throw bad("is not a NumPy .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[start + 6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else { throw bad("has .npy format version \(major), not 1 to 3") }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[start + 8 + $1]) << (8 * $1) }
        let headerStart = start + 8 + lengthBytes
        guard bytes.count >= 8 + lengthBytes + headerLength else { throw bad("ends inside its header") }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        guard let descr = Self.field(header, "descr", open: "'", close: "'") else { throw bad("header has no 'descr'") }
        let order = descr.first
        let code = String(descr.dropFirst())
        guard order == "<" || order == "|", let element = Element(rawValue: code), !(order == "|" && element.size > 1)
        else {
            throw bad("holds dtype '\(descr)'; Pacer reads uint8 or float32 images and integer labels, little-endian")
        }
        guard Self.field(header, "fortran_order", open: ":", close: ",")?.trimmingCharacters(in: .whitespaces) == "False"
        else { throw bad("is in Fortran order; save it with np.ascontiguousarray") }
        guard let shapeText = Self.field(header, "shape", open: "(", close: ")") else { throw bad("header has no 'shape'") }
        let extents = shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var shape: [Int] = []
        var total = 1
        for extent in extents {
            guard let value = Int(extent), value >= 0 else { throw bad("has shape (\(shapeText)), which is not a shape") }
            let (product, overflow) = total.multipliedReportingOverflow(by: value)
            guard !overflow else { throw bad("has shape (\(shapeText)), too large") }
            total = product
            shape.append(value)
        }
        let dataStart = headerStart + headerLength
        let expected = total.multipliedReportingOverflow(by: element.size)
        guard !expected.overflow, bytes.endIndex - dataStart == expected.partialValue else {
            throw bad("header promises \(expected.partialValue) bytes of data for shape (\(shapeText)), "
                      + "the file holds \(bytes.endIndex - dataStart)")
        }
        self.element = element
        self.shape = shape
        data = bytes[dataStart...]
    }

    /// The text between `open` and `close` after `'key'` in a header dict.
    private static func field(_ header: String, _ key: String, open: Character, close: Character) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") else { return nil }
        let rest = header[keyRange.upperBound...]
        guard let from = rest.firstIndex(of: open) else { return nil }
        let inner = rest[rest.index(after: from)...]
        guard let to = inner.firstIndex(of: close) else { return nil }
        return String(inner[..<to])
    }

    /// The values as floats (integers convert exactly up to 2^24).
    func floats() -> [Float] {
        switch element {
        case .float32: return load(Float32.self) { $0 }
        case .float64: return load(Float64.self) { Float($0) }
        default: return integers().map(Float.init)
        }
    }

    /// The values as 64-bit integers; nil for floating-point arrays.
    func integers() -> [Int64] {
        switch element {
        case .uint8: return data.map(Int64.init)
        case .int8: return load(Int8.self) { Int64($0) }
        case .int16: return load(Int16.self) { Int64($0) }
        case .int32: return load(Int32.self) { Int64($0) }
        case .int64: return load(Int64.self) { $0 }
        case .float32, .float64: return []
        }
    }

    private func load<T, R>(_ type: T.Type, _ convert: (T) -> R) -> [R] {
        data.withUnsafeBytes { raw in
            (0..<count).map { convert(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }
}

/// The members of an `.npz` archive (a zip file of `.npy` files, stored or
/// deflated, as `np.savez` and `np.savez_compressed` write it), each
/// inflated no further than the size its directory entry declares.
enum NumpyArchive {
    /// The `.npy` bytes of the member `name` (`name.npy` in the archive).
    static func member(_ name: String, of bytes: [UInt8], path: String) throws(DataError) -> ArraySlice<UInt8> {
        func bad(_ reason: String) -> DataError { .malformed(path: path, reason: reason) }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65_535), by: -1)
                .first(where: { u32($0) == 0x0605_4b50 }) else {
            throw bad("is not an .npz (zip) archive")
        }
        let entries = u16(end + 10)
        var cursor = u32(end + 16)
        var names: [String] = []
        for _ in 0..<entries {
            guard cursor + 46 <= bytes.count, u32(cursor) == 0x0201_4b50 else { throw bad("has a damaged zip directory") }
            let method = u16(cursor + 10), packed = u32(cursor + 20), size = u32(cursor + 24)
            let nameLength = u16(cursor + 28), extra = u16(cursor + 30), comment = u16(cursor + 32)
            let local = u32(cursor + 42)
            guard cursor + 46 + nameLength <= bytes.count else { throw bad("has a damaged zip directory") }
            let entry = String(decoding: bytes[cursor + 46..<cursor + 46 + nameLength], as: UTF8.self)
            names.append(String(entry.dropLast(entry.hasSuffix(".npy") ? 4 : 0)))
            cursor += 46 + nameLength + extra + comment
            guard entry == name + ".npy" else { continue }
            guard packed != 0xFFFF_FFFF, size != 0xFFFF_FFFF else { throw bad("member '\(name)' is a zip64 entry; save arrays under 4 GiB") }
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4b50 else { throw bad("has a damaged entry for '\(name)'") }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            guard start + packed <= bytes.count else { throw bad("ends inside member '\(name)'") }
            switch method {
            case 0: return bytes[start..<start + packed]
            case 8: return try inflate(bytes[start..<start + packed], size: size, path: path, member: name)[...]
            default: throw bad("member '\(name)' uses zip method \(method); only stored and deflated are read")
            }
        }
        throw bad("has no array '\(name)' (it holds: \(names.joined(separator: ", ")))")
    }

    /// Raw deflate data to exactly `size` bytes.
    private static func inflate(_ packed: ArraySlice<UInt8>, size: Int, path: String,
                                member: String) throws(DataError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed(path: path, reason: "zlib could not start inflating '\(member)'")
        }
        defer { inflateEnd(&stream) }
        var input = Array(packed)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw .malformed(path: path, reason: "member '\(member)' does not inflate to the \(size) bytes its entry declares")
        }
        return output
    }
}
