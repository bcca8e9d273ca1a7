/// An array in the IDX format of MNIST and Fashion-MNIST: a big-endian
/// header (magic with the element type and rank, then the extents) followed
/// by unsigned bytes.
struct IDXFile {
    /// The extents.
    let shape: [Int]
    /// The elements, row-major.
    let bytes: [UInt8]

    /// The most data bytes an IDX file may declare (1 GiB; Fashion-MNIST's
    /// largest holds 47 MB).
    static let sizeLimit = 1 << 30

    /// Parses `data` read from `path`, expecting unsigned bytes of `rank`.
    init(_ data: [UInt8], path: String, rank: Int) throws(DataError) {
        let headerSize = 4 + 4 * rank
        let count = try Self.declaredSize(ofHeader: Array(data.prefix(headerSize)), path: path, rank: rank,
                                          available: data.count - headerSize)
        let available = data.count - headerSize
        guard count == available else {
            throw .malformed(path: path, reason: "header promises \(count) bytes of data, file has \(available)")
        }
        shape = Self.extents(data, rank: rank)
        bytes = Array(data[headerSize...])
    }

    /// Reads the IDX file at `path` (gzip-compressed or plain), inflating
    /// no more than its header declares plus one byte: a header declaring
    /// more than `sizeLimit`, less data than declared, or more, is one
    /// error naming the file.
    static func read(_ path: String, rank: Int, missingHint: String) throws(DataError) -> IDXFile {
        let file = try GzipFile(path, missingHint: missingHint)
        let header = try file.read(4 + 4 * rank)
        let count = try declaredSize(ofHeader: header, path: path, rank: rank, available: nil)
        guard count <= sizeLimit else {
            throw .malformed(path: path, reason: "header declares \(count) bytes of data, more than the \(sizeLimit) "
                             + "a dataset file may hold (refused before inflating)")
        }
        let data = try file.read(count)
        guard try file.read(1).isEmpty else {
            throw .malformed(path: path, reason: "holds more data than the \(count) bytes its header declares")
        }
        return try IDXFile(header + data, path: path, rank: rank)
    }

    /// The data size `header` declares (the product of its extents), after
    /// checking the magic; with `available`, no product step may exceed it.
    private static func declaredSize(ofHeader header: [UInt8], path: String, rank: Int,
                                     available: Int?) throws(DataError) -> Int {
        guard header.count == 4 + 4 * rank, header[0] == 0, header[1] == 0, header[2] == 0x08, Int(header[3]) == rank else {
            throw .malformed(path: path, reason: "not an IDX file of unsigned bytes with \(rank) dimension(s)")
        }
        let shape = extents(header, rank: rank)
        var count = 1
        for extent in shape {
            let product = count.multipliedReportingOverflow(by: extent)
            guard !product.overflow, product.partialValue <= (available ?? Int.max) else {
                let extents = shape.map(String.init).joined(separator: "x")
                let total = shape.reduce(into: 1 as Int?) { total, extent in
                    total = total.flatMap { $0.multipliedReportingOverflow(by: extent) }.flatMap { $0.overflow ? nil : $0.partialValue }
                }
                throw .malformed(path: path, reason: "header promises \(extents)" + (total.map { " = \($0)" } ?? "")
                                 + " bytes of data, file has " + (available.map(String.init) ?? "less"))
            }
            count = product.partialValue
        }
        return count
    }

    private static func extents(_ header: [UInt8], rank: Int) -> [Int] {
        (0..<rank).map { index in header[(4 + 4 * index)..<(8 + 4 * index)].reduce(0) { $0 << 8 | Int($1) } }
    }
}
