/// The contrast rule for printed codes. Scanners binarise the camera image, so what matters is
/// the luminance gap between modules and background, measured as WCAG 2.x defines contrast.
package enum QRContrast {
    /// 4.5:1 is WCAG AA for body text. We hold QR codes to the same bar: below it, phone cameras in
    /// dim restaurant light or on glossy print start to miss codes, and a missed scan is a lost visit.
    package static let minimumRatio = 4.5

    /// WCAG contrast ratio, from 1 (same luminance) to 21 (black on white).
    package static func ratio(_ first: QRColor, _ second: QRColor) -> Double {
        let a = first.relativeLuminance, b = second.relativeLuminance
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Throws unless dark modules sit on a lighter background with at least `minimumRatio`.
    package static func check(foreground: QRColor, background: QRColor) throws(QRError) {
        if foreground.relativeLuminance > background.relativeLuminance {
            throw .lightOnDark(foreground: foreground, background: background)
        }
        let contrast = ratio(foreground, background)
        if contrast < minimumRatio {
            throw .lowContrast(foreground: foreground, background: background, ratio: contrast)
        }
    }
}
