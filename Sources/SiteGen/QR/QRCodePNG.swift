import CZlib

extension QRCode {
    /// A PNG with a two-entry palette at 1 bit per pixel: any two colours, and about an eighth of
    /// the raw data of 8-bit greyscale. `options.scale` pixels per module, quiet zone included.
    public func png(options: QRCodeOptions) throws(QRError) -> [UInt8] {
        try options.validate()
        let side = totalWidth(quietZone: options.quietZone) * options.scale
        let rowBytes = (side + 7) / 8

        // Each scanline: filter byte 0 (none), then bits most significant first, index 1 = dark.
        // A module row is drawn once and repeated `scale` times.
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * side)
        var line = [UInt8](repeating: 0, count: rowBytes + 1)
        for y in -options.quietZone..<(width + options.quietZone) {
            for i in line.indices { line[i] = 0 }
            for px in 0..<side where isDark(x: px / options.scale - options.quietZone, y: y) {
                line[1 + px / 8] |= 0x80 >> UInt8(px % 8)
            }
            for _ in 0..<options.scale { raw += line }
        }

        var png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        var header = bigEndian(UInt32(side)) + bigEndian(UInt32(side))
        header += [1, 3, 0, 0, 0]  // bit depth 1, colour type 3 (palette), deflate, filter 0, no interlace
        appendChunk("IHDR", header, to: &png)
        let palette = [options.background, options.foreground].flatMap { [$0.red, $0.green, $0.blue] }
        appendChunk("PLTE", palette, to: &png)
        appendChunk("IDAT", try zlibCompress(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    private func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        png += bigEndian(UInt32(data.count))
        png += typeAndData
        let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        png += bigEndian(UInt32(truncatingIfNeeded: crc))
    }

    private func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ]
    }

    /// IDAT holds a zlib stream (not gzip), which is what `compress2` writes.
    private func zlibCompress(_ input: [UInt8]) throws(QRError) -> [UInt8] {
        var capacity = compressBound(uLong(input.count))
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: Int(capacity)) { out, written in
            status = input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &capacity, source.baseAddress, uLong(source.count), Z_BEST_COMPRESSION)
            }
            written = status == Z_OK ? Int(capacity) : 0
        }
        guard status == Z_OK else { throw .imageCompressionFailed(zlibStatus: status) }
        return output
    }
}
