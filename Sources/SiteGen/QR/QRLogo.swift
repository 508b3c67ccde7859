/// A picture printed over the centre of a code (site.yml's `qr.logo`), with the modules under it
/// cleared to the background so that the decoder sees erased modules, not wrong ones.
struct QRLogo: Sendable, Hashable {
    /// Decoded pixels, for the PNG and PDF files.
    let image: QRImage
    /// The PNG file as given, embedded as-is in the SVG files.
    let png: [UInt8]
    /// Side of the square the logo is fitted into, as a fraction of the symbol's side (quiet zone
    /// excluded): `qr.logo_size`.
    let relativeSize: Double

    init(png: [UInt8], relativeSize: Double) throws(QRError) {
        self.image = try PNGDecoder.decode(png)
        self.png = png
        self.relativeSize = relativeSize
    }
}
