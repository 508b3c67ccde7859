extension QRCode {
    /// A PNG with a two-entry palette at 1 bit per pixel: any two colours, and about an eighth of
    /// the raw data of 8-bit greyscale. `options.scale` pixels per module, quiet zone included.
    /// With a logo, 8-bit RGB instead, since the logo brings its own colours.
    package func png(options: QRCodeOptions) throws(QRError) -> [UInt8] {
        try options.validate()
        let geometry = QRRasterGeometry(code: self, quietZone: options.quietZone, scale: options.scale)
        return try raster(options: options, geometry: geometry, pixelsPerMetre: nil)
    }

    /// The PNG for print: `sizeMM` wide at `dpi`, which the file states in its pHYs chunk so
    /// that layout programs place it at its size without being told. Whole pixels per module;
    /// see `QRRasterGeometry(printing:…)` for where the remainder goes.
    func printPNG(options: QRCodeOptions, sizeMM: Double, dpi: Int) throws(QRError) -> [UInt8] {
        try options.validate()
        let geometry = try QRRasterGeometry(printing: self, quietZone: options.quietZone, sizeMM: sizeMM, dpi: dpi)
        return try raster(options: options, geometry: geometry, pixelsPerMetre: PNGEncoder.pixelsPerMetre(dpi: dpi))
    }

    /// Each module row is drawn once and repeated `modulePixels` times.
    private func raster(options: QRCodeOptions, geometry: QRRasterGeometry, pixelsPerMetre: Int?) throws(QRError)
        -> [UInt8]
    {
        let side = geometry.side
        let cleared = QRLogoArea(symbolWidth: width, relativeSize: options.logo?.relativeSize ?? 0)
        func dark(_ x: Int, _ y: Int) -> Bool { isDark(x: x, y: y) && !isHidden(x: x, y: y, by: cleared) }
        let columns = (0..<side).map { geometry.module(at: $0) }

        guard let logo = options.logo else {
            // Each scanline: filter byte 0 (none), then bits most significant first, index 1 = dark.
            let rowBytes = (side + 7) / 8
            var raw: [UInt8] = []
            raw.reserveCapacity((rowBytes + 1) * side)
            var line = [UInt8](repeating: 0, count: rowBytes + 1)
            var lineRow = Int.min
            for py in 0..<side {
                let y = geometry.module(at: py)
                if y != lineRow {
                    for i in line.indices { line[i] = 0 }
                    for px in 0..<side where dark(columns[px], y) {
                        line[1 + px / 8] |= 0x80 >> UInt8(px % 8)
                    }
                    lineRow = y
                }
                raw += line
            }
            return try PNGEncoder.encode(
                width: side, height: side, pixels: .twoColourPalette(options.background, options.foreground),
                raw: raw, pixelsPerMetre: pixelsPerMetre)
        }

        // The logo, scaled once to its box and centred on the symbol.
        let symbolPixels = width * geometry.modulePixels
        let box = Int((logo.relativeSize * Double(symbolPixels)).rounded())
        let fit = logo.image.fitted(in: box)
        let picture = logo.image.resampled(width: fit.width, height: fit.height)
        let left = geometry.origin + (symbolPixels - fit.width) / 2
        let top = geometry.origin + (symbolPixels - fit.height) / 2

        let foreground = [options.foreground.red, options.foreground.green, options.foreground.blue]
        let background = [options.background.red, options.background.green, options.background.blue]
        var raw: [UInt8] = []
        raw.reserveCapacity((side * 3 + 1) * side)
        var line = [UInt8](repeating: 0, count: side * 3 + 1)
        var previous = line
        for py in 0..<side {
            let y = geometry.module(at: py)
            for px in 0..<side {
                let colour = dark(columns[px], y) ? foreground : background
                line[1 + px * 3] = colour[0]
                line[2 + px * 3] = colour[1]
                line[3 + px * 3] = colour[2]
            }
            if py >= top, py < top + picture.height {
                for lx in 0..<picture.width {
                    let source = ((py - top) * picture.width + lx) * 4
                    let alpha = Int(picture.rgba[source + 3])
                    for channel in 0..<3 {
                        let target = 1 + (left + lx) * 3 + channel
                        let blended = Int(picture.rgba[source + channel]) * alpha + Int(line[target]) * (255 - alpha)
                        line[target] = UInt8((blended + 127) / 255)
                    }
                }
            }
            // Filter 2 (Up): a row repeating the one above, as most rows of a module do, becomes
            // zeros, which deflate packs several times faster and smaller than the colours.
            if py == 0 {
                raw += line
            } else {
                raw.append(2)
                for i in 1..<line.count { raw.append(line[i] &- previous[i]) }
            }
            swap(&line, &previous)
        }
        return try PNGEncoder.encode(width: side, height: side, pixels: .rgb, raw: raw, pixelsPerMetre: pixelsPerMetre)
    }
}
