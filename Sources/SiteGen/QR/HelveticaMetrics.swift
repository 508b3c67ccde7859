/// Advance widths of the standard Helvetica font (Adobe's AFM, in 1/1000 em), which every PDF
/// reader has built in: enough to centre a caption without embedding a font.
enum HelveticaMetrics {
    /// Printable ASCII, space (32) to tilde (126), as WinAnsiEncoding maps them.
    private static let ascii: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p … ~
    ]

    /// Width of `bytes` (WinAnsi codes) at `fontSize` points. Codes above ASCII (accented
    /// letters) count as a typical lower-case letter: close enough for centring.
    static func width(of bytes: [UInt8], fontSize: Double) -> Double {
        let units = bytes.reduce(0) { sum, byte in
            sum + (byte >= 32 && byte <= 126 ? ascii[Int(byte) - 32] : 556)
        }
        return Double(units) * fontSize / 1000
    }
}
