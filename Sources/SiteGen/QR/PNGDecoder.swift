/// Reads the PNG files a logo is likely to be, into RGBA: 8-bit grey, grey + alpha, RGB and RGBA,
/// and palette images of 1, 2, 4 or 8 bits (with tRNS transparency), not interlaced. That covers
/// what design tools export; 16-bit and interlaced files are refused with a message saying how
/// to re-export, rather than decoded by a second, rarely exercised code path.
enum PNGDecoder {
    /// A logo is drawn a few centimetres wide: 4096 pixels a side is more than any print needs,
    /// and bounds the memory a hostile or mistaken file can ask for.
    static let maximumSide = 4096

    static func decode(_ bytes: [UInt8]) throws(QRError) -> QRImage {
        guard bytes.count > 8, Array(bytes[0..<8]) == PNGEncoder.signature else {
            throw .unsupportedLogo("it is not a PNG file")
        }
        var header: [UInt8] = []
        var palette: [UInt8] = []
        var transparency: [UInt8] = []
        var data: [UInt8] = []
        var offset = 8
        var ended = false
        while offset + 12 <= bytes.count, !ended {
            let length = Int(readUInt32(bytes, at: offset))
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard length <= bytes.count - start - 4 else { throw .unsupportedLogo("a \(type) chunk is cut short") }
            let body = Array(bytes[start..<(start + length)])
            guard Zlib.crc(Array(bytes[(offset + 4)..<(start + length)])) == readUInt32(bytes, at: start + length)
            else { throw .unsupportedLogo("the \(type) chunk is corrupt (CRC mismatch)") }
            switch type {
            case "IHDR": header = body
            case "PLTE": palette = body
            case "tRNS": transparency = body
            case "IDAT": data += body
            case "IEND": ended = true
            default: break  // ancillary chunks (gamma, text, ICC) do not change which pixels are dark
            }
            offset = start + length + 4
        }
        guard header.count == 13, ended, !data.isEmpty else { throw .unsupportedLogo("the PNG file is incomplete") }
        let width = Int(readUInt32(header, at: 0)), height = Int(readUInt32(header, at: 4))
        let depth = Int(header[8]), colourType = header[9]
        guard width > 0, height > 0, width <= maximumSide, height <= maximumSide else {
            throw .unsupportedLogo("it is \(width)×\(height) pixels; a logo may be at most \(maximumSide) a side")
        }
        guard header[12] == 0 else { throw .unsupportedLogo("it is interlaced; export it without interlacing") }
        let channels: Int
        switch (colourType, depth) {
        case (0, 8): channels = 1
        case (2, 8): channels = 3
        case (3, 1), (3, 2), (3, 4), (3, 8): channels = 1
        case (4, 8): channels = 2
        case (6, 8): channels = 4
        default:
            throw .unsupportedLogo(
                "it has colour type \(colourType) at \(depth) bits; export it as 8-bit grey, RGB, RGBA or palette")
        }
        guard colourType != 3 || (!palette.isEmpty && palette.count % 3 == 0) else {
            throw .unsupportedLogo("its palette is missing")
        }
        let rowBytes = (width * channels * depth + 7) / 8
        guard let inflated = Zlib.decompress(data, expectedSize: (rowBytes + 1) * height) else {
            throw .unsupportedLogo("its image data does not inflate to \(width)×\(height) pixels")
        }
        let rows = try unfilter(inflated, rowBytes: rowBytes, height: height, step: max(1, channels * depth / 8))

        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            let row = y * rowBytes
            for x in 0..<width {
                let out = (y * width + x) * 4
                switch colourType {
                case 0:
                    let grey = rows[row + x]
                    rgba[out] = grey
                    rgba[out + 1] = grey
                    rgba[out + 2] = grey
                    // tRNS for grey names the one fully transparent level (16 bits, low byte used at depth 8).
                    rgba[out + 3] = transparency.count == 2 && transparency[1] == grey ? 0 : 255
                case 2:
                    let red = rows[row + x * 3], green = rows[row + x * 3 + 1], blue = rows[row + x * 3 + 2]
                    rgba[out] = red
                    rgba[out + 1] = green
                    rgba[out + 2] = blue
                    let keyed =
                        transparency.count == 6 && transparency[1] == red && transparency[3] == green
                        && transparency[5] == blue
                    rgba[out + 3] = keyed ? 0 : 255
                case 3:
                    let bit = x * depth
                    let shift = 8 - depth - bit % 8
                    let index = Int(rows[row + bit / 8] >> UInt8(shift)) & ((1 << depth) - 1)
                    guard index * 3 + 2 < palette.count else {
                        throw .unsupportedLogo("a pixel uses palette entry \(index), past the palette's end")
                    }
                    rgba[out] = palette[index * 3]
                    rgba[out + 1] = palette[index * 3 + 1]
                    rgba[out + 2] = palette[index * 3 + 2]
                    rgba[out + 3] = index < transparency.count ? transparency[index] : 255
                case 4:
                    let grey = rows[row + x * 2]
                    rgba[out] = grey
                    rgba[out + 1] = grey
                    rgba[out + 2] = grey
                    rgba[out + 3] = rows[row + x * 2 + 1]
                default:
                    for channel in 0..<4 { rgba[out + channel] = rows[row + x * 4 + channel] }
                }
            }
        }
        return QRImage(width: width, height: height, rgba: rgba)
    }

    /// Undoes the per-scanline filters (none, sub, up, average, Paeth); returns the rows without
    /// their filter bytes. `step` is the filter's "bytes per complete pixel", at least 1.
    private static func unfilter(_ data: [UInt8], rowBytes: Int, height: Int, step: Int) throws(QRError) -> [UInt8] {
        var rows = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            let filter = data[y * (rowBytes + 1)]
            let source = y * (rowBytes + 1) + 1
            let row = y * rowBytes
            for i in 0..<rowBytes {
                let left = i >= step ? Int(rows[row + i - step]) : 0
                let up = y > 0 ? Int(rows[row - rowBytes + i]) : 0
                let upLeft = y > 0 && i >= step ? Int(rows[row - rowBytes + i - step]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4: predicted = paeth(left, up, upLeft)
                default: throw .unsupportedLogo("scanline \(y) has unknown filter type \(filter)")
                }
                rows[row + i] = UInt8(truncatingIfNeeded: Int(data[source + i]) + predicted)
            }
        }
        return rows
    }

    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
