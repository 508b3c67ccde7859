/// Writes PNG files (ISO/IEC 15948) chunk by chunk; the pixels are the caller's scanlines.
enum PNGEncoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

    enum Pixels {
        /// 1 bit per pixel, index 0 = first colour, 1 = second.
        case twoColourPalette(QRColor, QRColor)
        /// 8-bit RGB.
        case rgb
    }

    /// `raw`: every scanline with its filter byte. `pixelsPerMetre`, when given, is written as a
    /// pHYs chunk, the only place a PNG states its print size.
    static func encode(
        width: Int, height: Int, pixels: Pixels, raw: [UInt8], pixelsPerMetre: Int? = nil
    ) throws(QRError) -> [UInt8] {
        var png = signature
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        switch pixels {
        case .twoColourPalette:
            header += [1, 3, 0, 0, 0]  // bit depth 1, colour type 3 (palette), deflate, filter 0, no interlace
        case .rgb:
            header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB)
        }
        appendChunk("IHDR", header, to: &png)
        if case .twoColourPalette(let first, let second) = pixels {
            appendChunk("PLTE", [first, second].flatMap { [$0.red, $0.green, $0.blue] }, to: &png)
        }
        if let pixelsPerMetre {
            // The same density both ways, unit 1 = metre; pHYs must come before IDAT.
            let density = bigEndian(UInt32(pixelsPerMetre))
            appendChunk("pHYs", density + density + [1], to: &png)
        }
        let level: Int32
        switch pixels {
        case .twoColourPalette: level = 9
        case .rgb: level = 6
        }
        appendChunk("IDAT", try Zlib.compress(raw, level: level), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Pixels per metre for a resolution in dots per inch, as pHYs stores it (600 dpi → 23622).
    static func pixelsPerMetre(dpi: Int) -> Int {
        Int((Double(dpi) / 0.0254).rounded())
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        png += bigEndian(UInt32(data.count))
        png += typeAndData
        png += bigEndian(Zlib.crc(typeAndData))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ]
    }
}
