import CDeflate

/// libdeflate could not compress; in practice only when memory runs out, since the output buffer
/// is sized by its own bound.
package struct GzipError: Error, CustomStringConvertible, Sendable, Equatable {
    package let stage: String

    package var description: String { "gzip compression failed in \(stage)" }
}

/// Compression level for precompressed assets. Files are compressed once at build time and
/// served many times, so the slowest, smallest setting pays off (measured: see `make bench`).
package let defaultGzipLevel: Int32 = 9

/// Compresses to a complete `.gz` stream (RFC 1952 header and trailer), for the `.gz` copies the
/// runtime serves to clients that send `Accept-Encoding: gzip`.
///
/// libdeflate rather than zlib: whole buffers in, whole buffers out is all the build needs, and
/// at the same level it is about twice as fast for the same size, which matters when every page
/// of a 10,000-page site is compressed.
package func gzip(_ bytes: [UInt8], level: Int32 = defaultGzipLevel) throws(GzipError) -> [UInt8] {
    guard let compressor = libdeflate_alloc_compressor(level) else {
        throw GzipError(stage: "allocating a level \(level) compressor")
    }
    defer { libdeflate_free_compressor(compressor) }
    let capacity = libdeflate_gzip_compress_bound(compressor, bytes.count)
    var written = 0
    let output = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
        written = bytes.withUnsafeBytes { input in
            libdeflate_gzip_compress(compressor, input.baseAddress, input.count, out.baseAddress, capacity)
        }
        count = written
    }
    // The bound makes a zero result impossible short of a library fault.
    guard written > 0 else { throw GzipError(stage: "compressing") }
    return output
}
