import CQRencode

/// The four QR error-correction levels: more recovery means a denser symbol for the same text.
package enum QRErrorCorrection: String, Sendable, Hashable, CaseIterable, Codable {
    case low = "L"
    case medium = "M"
    case quartile = "Q"
    case high = "H"

    /// Parses site.yml's `error_correction:`; lower case is accepted.
    package init(parsing text: String) throws(QRError) {
        guard let level = QRErrorCorrection(rawValue: text.uppercased()) else {
            throw .invalidErrorCorrection(text)
        }
        self = level
    }

    /// Share of codewords the level can restore (ISO/IEC 18004): what a logo may hide, at most.
    package var recoveryCapacity: Double {
        switch self {
        case .low: return 0.07
        case .medium: return 0.15
        case .quartile: return 0.25
        case .high: return 0.30
        }
    }

    /// Bytes of 8-bit data the largest symbol (version 40) holds at this level.
    package var maximumBytes: Int {
        switch self {
        case .low: return 2953
        case .medium: return 2331
        case .quartile: return 1663
        case .high: return 1273
        }
    }

    var libqrencodeLevel: QRecLevel {
        switch self {
        case .low: return QR_ECLEVEL_L
        case .medium: return QR_ECLEVEL_M
        case .quartile: return QR_ECLEVEL_Q
        case .high: return QR_ECLEVEL_H
        }
    }
}
