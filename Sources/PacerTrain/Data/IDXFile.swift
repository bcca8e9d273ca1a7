/// An array in the IDX format of MNIST and Fashion-MNIST: a big-endian
/// header (magic with the element type and rank, then the extents) followed
/// by unsigned bytes.
struct IDXFile {
    /// The extents.
    let shape: [Int]
    /// The elements, row-major.
    let bytes: [UInt8]

    /// Parses `data` read from `path`, expecting unsigned bytes of `rank`.
    init(_ data: [UInt8], path: String, rank: Int) throws(DataError) {
        func bigEndian(at offset: Int) -> Int {
            data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize, data[0] == 0, data[1] == 0, data[2] == 0x08, Int(data[3]) == rank else {
            throw .malformed(path: path, reason: "not an IDX file of unsigned bytes with \(rank) dimension(s)")
        }
        shape = (0..<rank).map { bigEndian(at: 4 + 4 * $0) }
        let available = data.count - headerSize
        var count = 1
        for extent in shape {
            let product = count.multipliedReportingOverflow(by: extent)
            guard !product.overflow, product.partialValue <= available else {
                throw .malformed(path: path, reason: "header promises \(shape) bytes of data, file has \(available)")
            }
            count = product.partialValue
        }
        guard count == available else {
            throw .malformed(path: path, reason: "header promises \(count) bytes of data, file has \(available)")
        }
        bytes = Array(data[headerSize...])
    }
}
