/// Why a QR code could not be made. Messages name the offending value; the caller prefixes the
/// site.yml position (`sites/luna/site.yml:14:3: …`).
package enum QRError: Error, CustomStringConvertible, Sendable, Equatable {
    case emptyText
    case textContainsNUL
    case textTooLong(length: Int, level: QRErrorCorrection, limit: Int)
    case encoderFailed(errno: Int32)
    case invalidErrorCorrection(String)
    case invalidColor(String)
    case quietZoneTooSmall(Int)
    case scaleOutOfRange(Int)
    case lowContrast(foreground: QRColor, background: QRColor, ratio: Double)
    case lightOnDark(foreground: QRColor, background: QRColor)
    case imageCompressionFailed(zlibStatus: Int32)
    case versionOutOfRange(Int)
    /// The logo file cannot be drawn; the text says why and how to re-export it.
    case unsupportedLogo(String)
    case printImageTooLarge(sizeMM: Double, dpi: Int, pixels: Int)
    case printResolutionTooLow(sizeMM: Double, dpi: Int, modules: Int)

    package var description: String {
        switch self {
        case .emptyText:
            return "QR code text is empty"
        case .textContainsNUL:
            return "QR code text contains a NUL character"
        case .textTooLong(let length, let level, let limit):
            return "QR code text is \(length) bytes, too long for error correction \(level.rawValue): "
                + "the largest QR code (version 40) holds at most \(limit) bytes at level \(level.rawValue)"
                + (level == .low ? "" : "; shorten the URL or choose a lower level")
        case .encoderFailed(let code):
            return "libqrencode failed to encode the text (errno \(code))"
        case .invalidErrorCorrection(let value):
            return "error_correction must be one of L, M, Q, H, not \"\(value)\""
        case .invalidColor(let value):
            return "colour must be #rrggbb or #rgb, not \"\(value)\""
        case .quietZoneTooSmall(let modules):
            return "quiet_zone is \(modules) modules; scanners need at least \(QRCodeOptions.minimumQuietZone)"
        case .scaleOutOfRange(let scale):
            return "scale is \(scale) pixels per module; it must be between "
                + "\(QRCodeOptions.scaleRange.lowerBound) and \(QRCodeOptions.scaleRange.upperBound)"
        case .lowContrast(let foreground, let background, let ratio):
            return "foreground \(foreground) on background \(background) has contrast "
                + "\(Self.format(ratio)):1, below the \(Self.format(QRContrast.minimumRatio)):1 scanners need "
                + "(set force: true to allow)"
        case .lightOnDark(let foreground, let background):
            return "foreground \(foreground) is lighter than background \(background); many scanners cannot "
                + "read inverted codes (set force: true to allow)"
        case .imageCompressionFailed(let status):
            return "PNG compression failed (zlib status \(status))"
        case .versionOutOfRange(let version):
            return "version must be a QR version from 1 to 40, not \(version)"
        case .unsupportedLogo(let reason):
            return "the logo cannot be drawn: \(reason)"
        case .printImageTooLarge(let size, let dpi, let pixels):
            return "a \(Self.format(size)) mm code at \(dpi) dpi would be \(pixels) pixels wide, more than the "
                + "\(QRRasterGeometry.maximumPrintSide) a print PNG may have: lower print_dpi or size_mm"
        case .printResolutionTooLow(let size, let dpi, let modules):
            return "a \(Self.format(size)) mm code at \(dpi) dpi has fewer pixels than its \(modules) modules: "
                + "raise print_dpi or size_mm"
        }
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e13 else { return "\(value)" }
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
