/// Where a code's modules land in a square raster: a whole number of pixels per module, so that
/// every module edge falls on a pixel edge (a module smeared over a fractional pixel prints as a
/// grey seam, and RIPs round such edges differently from one module to the next).
struct QRRasterGeometry: Sendable, Hashable {
    /// Pixels per side of the image.
    let side: Int
    let modulePixels: Int
    /// Pixel column (and row) where the symbol's first module starts: the quiet zone, plus any
    /// pixels left over, lies before it.
    let origin: Int

    /// The print PNG may not exceed this side: 20,000 pixels is 85 cm at 600 dpi, well past any
    /// QR code, and keeps a mistyped `size_mm` from filling the disk.
    static let maximumPrintSide = 20_000

    /// The screen PNG: `scale` pixels per module, quiet zone exactly as configured.
    init(code: QRCode, quietZone: Int, scale: Int) {
        side = code.totalWidth(quietZone: quietZone) * scale
        modulePixels = scale
        origin = quietZone * scale
    }

    /// The print PNG: exactly `sizeMM` wide at `dpi` (to the nearest pixel), with as many whole
    /// pixels per module as fit. The pixels that do not make a whole module are shared out to
    /// the quiet zone on both sides, which only grows (by less than a module), so the stated
    /// size and resolution are both exact and the modules stay crisp.
    init(printing code: QRCode, quietZone: Int, sizeMM: Double, dpi: Int) throws(QRError) {
        let total = code.totalWidth(quietZone: quietZone)
        let exact = sizeMM / 25.4 * Double(dpi)
        guard exact <= Double(Self.maximumPrintSide) else {
            // Capped before converting: a size_mm of 1e300 must be an error, not a trap.
            throw .printImageTooLarge(sizeMM: sizeMM, dpi: dpi, pixels: Int(min(exact, 1e15).rounded()))
        }
        let side = Int(exact.rounded())
        guard side >= total else { throw .printResolutionTooLow(sizeMM: sizeMM, dpi: dpi, modules: total) }
        self.side = side
        modulePixels = side / total
        origin = (side - modulePixels * code.width) / 2
    }

    /// The module column (or row) a pixel column (or row) falls in; negative or past the symbol
    /// in the quiet zone.
    func module(at pixel: Int) -> Int {
        let offset = pixel - origin
        return offset >= 0 ? offset / modulePixels : -1
    }
}
