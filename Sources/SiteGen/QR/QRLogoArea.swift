/// The square of modules a centred logo touches: they are drawn as background, and it is this
/// square, not the logo's exact outline, that the error-correction budget must cover.
struct QRLogoArea: Sendable, Hashable {
    /// First module column and row of the square (symbol coordinates, quiet zone excluded).
    let first: Int
    /// Modules per side of the square; 0 when there is no logo.
    let count: Int
    /// The logo's own side in modules (`relativeSize * width`), centred in the square.
    let logoModules: Double

    /// `relativeSize` is clamped to 0…1. A symbol's width is odd, so the square is centred on the
    /// middle module and the same on all four sides.
    init(symbolWidth width: Int, relativeSize: Double) {
        let size = min(max(relativeSize, 0), 1) * Double(width)
        let start = (Double(width) - size) / 2
        // Modules whose square overlaps [start, start + size) on each axis.
        let first = max(Int(start.rounded(.down)), 0)
        let last = min(Int((start + size).rounded(.up)), width)
        self.first = first
        self.count = size > 0 ? max(0, last - first) : 0
        self.logoModules = size
    }

    func contains(x: Int, y: Int) -> Bool {
        count > 0 && x >= first && y >= first && x < first + count && y < first + count
    }
}
