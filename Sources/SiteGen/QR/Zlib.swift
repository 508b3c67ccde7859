import CZlib

/// zlib streams (RFC 1950), as PNG's IDAT and PDF's FlateDecode both hold them.
enum Zlib {
    /// `level` 9 suits the small 1-bit images and PDF streams; large RGB rasters pass 6, which
    /// on their Up-filtered (mostly zero) rows is about three times faster for a few percent.
    static func compress(_ input: [UInt8], level: Int32 = Z_BEST_COMPRESSION) throws(QRError) -> [UInt8] {
        var capacity = compressBound(uLong(input.count))
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: Int(capacity)) { out, written in
            status = input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &capacity, source.baseAddress, uLong(source.count), level)
            }
            written = status == Z_OK ? Int(capacity) : 0
        }
        guard status == Z_OK else { throw .imageCompressionFailed(zlibStatus: status) }
        return output
    }

    /// Inflates a stream whose inflated size is known exactly (a PNG's rows): anything shorter,
    /// longer or corrupt is an error rather than a half-drawn picture.
    static func decompress(_ input: [UInt8], expectedSize: Int) -> [UInt8]? {
        var size = uLong(expectedSize)
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: max(expectedSize, 1)) { out, written in
            status = input.withUnsafeBufferPointer { source in
                uncompress(out.baseAddress, &size, source.baseAddress, uLong(source.count))
            }
            written = status == Z_OK ? Int(size) : 0
        }
        guard status == Z_OK, output.count == expectedSize else { return nil }
        return output
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        let value = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return UInt32(truncatingIfNeeded: value)
    }
}
