/// How a QR code is drawn; mirrors site.yml's `qr:` block (placements and print size live with the
/// site config).
package struct QRCodeOptions: Sendable, Hashable {
    package static let minimumQuietZone = 4
    package static let scaleRange = 1...64
    /// 0 means "the smallest version that fits"; 1…40 are QR versions.
    static let versionRange = 0...40

    package var errorCorrection: QRErrorCorrection
    /// Light margin around the symbol, in modules; the standard asks for 4.
    package var quietZone: Int
    package var foreground: QRColor
    package var background: QRColor
    /// PNG pixels per module.
    package var scale: Int
    /// Allow low contrast and light-on-dark colours (the marketer takes the risk knowingly).
    package var force: Bool
    /// Encode at this QR version or a larger one if the text needs it (0: smallest that fits).
    var minimumVersion = 0
    /// A picture over the centre of the symbol, drawn into every file; `nil` for none.
    var logo: QRLogo?

    package init(
        errorCorrection: QRErrorCorrection = .medium, quietZone: Int = 4,
        foreground: QRColor = .black, background: QRColor = .white, scale: Int = 10, force: Bool = false
    ) {
        self.errorCorrection = errorCorrection
        self.quietZone = quietZone
        self.foreground = foreground
        self.background = background
        self.scale = scale
        self.force = force
    }

    /// Every rule at once, so a bad site.yml fails before any file is written. `force` waives the
    /// colour rules only: a short quiet zone or absurd scale is never what anyone meant.
    package func validate() throws(QRError) {
        guard quietZone >= Self.minimumQuietZone else { throw .quietZoneTooSmall(quietZone) }
        guard Self.scaleRange.contains(scale) else { throw .scaleOutOfRange(scale) }
        guard Self.versionRange.contains(minimumVersion) else { throw .versionOutOfRange(minimumVersion) }
        if !force {
            try QRContrast.check(foreground: foreground, background: background)
        }
    }
}
